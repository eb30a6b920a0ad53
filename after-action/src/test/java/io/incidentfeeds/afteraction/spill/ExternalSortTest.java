package io.incidentfeeds.afteraction.spill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sort spills runs past its bound, merges them into the order a sort in memory gives, and deletes
 * them; the spool ({@link Spool}) gives its items back in the order added, across runs on disk.
 */
class ExternalSortTest {

    @Test
    void runsOnDiskMergeIntoTheOrderOfASortInMemory(@TempDir Path dir) throws Exception {
        List<byte[]> items = randomItems();
        items.add(new byte[] {(byte) 0xff});
        items.add(new byte[] {0x7f});
        items.add(new byte[] {0x7f}); // equal items are both kept
        List<byte[]> expected = new ArrayList<>(items);
        expected.sort(Arrays::compareUnsigned);

        try (ExternalSort sort = new ExternalSort(4096, dir)) {
            IntStream.range(0, 4).parallel().forEach(t -> {
                for (int i = t; i < items.size(); i += 4) {
                    sort.add(items.get(i));
                }
            });
            assertThat(sort.count()).isEqualTo(items.size());
            assertThat(sort.runs()).isGreaterThan(10);
            assertSameItems(sort.sorted(), expected);
        }
        assertNothingLeft(dir);
    }

    @Test
    void theSpoolGivesItsItemsBackInTheOrderAddedAcrossRunsOnDisk(@TempDir Path dir) throws Exception {
        List<byte[]> items = randomItems();
        try (Spool spool = new Spool(4096, dir)) {
            items.forEach(spool::add);
            assertThat(spool.runs()).isGreaterThan(10);
            assertSameItems(spool.inOrder(), items);
        }
        assertNothingLeft(dir);
    }

    @Test
    void withinItsBoundNothingIsWritten(@TempDir Path dir) throws Exception {
        try (ExternalSort sort = new ExternalSort(1 << 20, dir); Spool spool = new Spool(1 << 20, dir)) {
            for (byte b : new byte[] {2, 1}) {
                sort.add(new byte[] {b});
                spool.add(new byte[] {b});
            }
            assertSameItems(sort.sorted(), List.of(new byte[] {1}, new byte[] {2}));
            assertSameItems(spool.inOrder(), List.of(new byte[] {2}, new byte[] {1}));
            assertThat(sort.runs()).isZero();
            assertThat(spool.runs()).isZero();
        }
        assertNothingLeft(dir);
    }

    private static List<byte[]> randomItems() {
        Random random = new Random(25);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] item = new byte[1 + random.nextInt(40)];
            random.nextBytes(item);
            items.add(item);
        }
        return items;
    }

    private static void assertSameItems(Iterator<byte[]> actual, List<byte[]> expected) {
        List<byte[]> back = new ArrayList<>();
        actual.forEachRemaining(back::add);
        assertThat(back).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(back.get(i)).as("item %d", i).isEqualTo(expected.get(i));
        }
    }

    private static void assertNothingLeft(Path dir) throws Exception {
        try (var left = Files.list(dir)) {
            assertThat(left).as("run files deleted").isEmpty();
        }
    }
}

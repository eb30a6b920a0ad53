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

/** The sort spills runs past its bound, merges them into the order a sort in memory gives, and deletes them. */
class ExternalSortTest {

    @Test
    void runsOnDiskMergeIntoTheOrderOfASortInMemory(@TempDir Path dir) throws Exception {
        Random random = new Random(25);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] item = new byte[1 + random.nextInt(40)];
            random.nextBytes(item);
            items.add(item);
        }
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
            List<byte[]> sorted = new ArrayList<>();
            sort.sorted().forEachRemaining(sorted::add);
            assertThat(sorted).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(sorted.get(i)).as("item %d", i).isEqualTo(expected.get(i));
            }
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("run files deleted").isEmpty();
        }
    }

    @Test
    void withinItsBoundNothingIsWritten(@TempDir Path dir) throws Exception {
        try (ExternalSort sort = new ExternalSort(1 << 20, dir)) {
            sort.add(new byte[] {2});
            sort.add(new byte[] {1});
            Iterator<byte[]> sorted = sort.sorted();
            assertThat(sorted.next()).containsExactly(1);
            assertThat(sorted.next()).containsExactly(2);
            assertThat(sorted.hasNext()).isFalse();
            assertThat(sort.runs()).isZero();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}

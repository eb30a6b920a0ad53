package io.incidentfeeds.testsupport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcFsTest {

    private static final long SELF = ProcessHandle.current().pid();

    @BeforeEach
    void linux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux's /proc");
    }

    @Test
    void thisJvmsCpuGrowsWhileItWorks() {
        ProcFs.Cpu before = ProcFs.cpu(SELF).orElseThrow();
        long busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long sum = 0;
        while (System.nanoTime() < busyUntil) {
            sum += Long.numberOfTrailingZeros(System.nanoTime());
        }
        ProcFs.Cpu after = ProcFs.cpu(SELF).orElseThrow();

        assertThat(sum).isPositive();
        assertThat(after.ticks()).as("ticks after 300 ms of work").isGreaterThan(before.ticks());
        assertThat(after.seconds()).isCloseTo(after.userSeconds() + after.systemSeconds(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ProcFs.threads().values().stream().mapToLong(ProcFs.Cpu::ticks).sum()).isPositive();
    }

    @Test
    void commandLineAndMemoryOfThisJvm() {
        assertThat(ProcFs.commandLine(SELF)).first().asString().endsWith("java");
        ProcFs.Memory memory = ProcFs.memory(SELF).orElseThrow();
        assertThat(memory.rssKb()).isPositive().isLessThanOrEqualTo(memory.peakRssKb());
    }

    @Test
    void aProcessThatHasExitedReadsAsEmpty() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        long pid = done.pid();
        done.toHandle().onExit().get();

        assertThat(ProcFs.cpu(pid)).isEmpty();
        assertThat(ProcFs.memory(pid)).isEmpty();
        assertThat(ProcFs.commandLine(pid)).isEmpty();
    }

    @Test
    void machineAndLoad() {
        ProcFs.Machine machine = ProcFs.machine();
        assertThat(machine.busyTicks()).isPositive().isLessThan(machine.totalTicks());
        assertThat(ProcFs.loadAverages().split(" ")).hasSize(3);
        assertThat(ProcFs.loadAverage1m()).isNotNegative();
    }
}

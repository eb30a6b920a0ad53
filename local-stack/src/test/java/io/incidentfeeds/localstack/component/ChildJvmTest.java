package io.incidentfeeds.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-shot JVM (a provisioning step) is recorded like a service's, so a dead launcher's is killed on the next start. */
class ChildJvmTest {

    @TempDir
    Path logs;

    /** The job: sleeps for {@code args[0]} milliseconds. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }

    private ChildJvm job(long sleepMillis) {
        return ChildJvm.mainClass("job", logs, "64m", List.of(), System.getProperty("java.class.path"), Sleeper.class.getName(),
                List.of(Long.toString(sleepMillis)), Map.of());
    }

    @Test
    void aOneShotJvmLeftBehindIsKilledByTheNextStartsCleanUp() throws Exception {
        ChildJvm job = job(600_000);
        // Its launcher waits for it; the next start's clean-up comes first, as if that launcher had been killed.
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                job.runToCompletion(Duration.ofMinutes(10));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Path pidFile = logs.resolve("job.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pidFile).as("the running job's pid file").exists();
        ProcessHandle leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        try {
            ChildJvm.killLeftovers(logs);

            assertThat(leftover.isAlive()).isFalse();
            assertThat(pidFile).doesNotExist();
            assertThatThrownBy(run::join).hasMessageContaining("job exited with status");
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void aOneShotJvmThatFinishesLeavesNoPidFile() throws Exception {
        job(0).runToCompletion(Duration.ofSeconds(60));

        assertThat(logs.resolve("job.pid")).doesNotExist();
    }
}

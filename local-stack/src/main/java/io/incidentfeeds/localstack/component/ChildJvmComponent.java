package io.incidentfeeds.localstack.component;

import java.time.Duration;

/**
 * A component that runs as a child JVM: what killing and stopping mean is the same for all of them
 * (SIGKILL; a graceful stop within the component's own time before SIGKILL).
 */
abstract class ChildJvmComponent implements Component {

    private final Duration stopTimeout;
    /** Set by {@link #start}; null before the first start. */
    protected ChildJvm jvm;

    ChildJvmComponent(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    /** The running child JVM (its pid, log), or null before the first start. */
    public ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void kill() {
        if (jvm != null) {
            jvm.kill();
        }
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.stop(stopTimeout);
        }
    }
}

package io.incidentfeeds.connect.mqtt.testkit;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads the connector's task metrics where the worker publishes them: JMX in this JVM. */
public final class TaskMetricsReader {

    private TaskMetricsReader() {
    }

    /** The value of {@code metric} of task {@code task} of connector {@code connector}, or -1 when not (yet) registered. */
    public static double value(String connector, int task, String metric) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                    + ObjectName.quote(connector) + ",task=" + task + ",*"), null);
            if (names.isEmpty()) {
                names = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector
                        + ",task=" + task + ",*"), null);
            }
            for (ObjectName name : names) {
                try {
                    Object value = server.getAttribute(name, metric);
                    if (value instanceof Number number) {
                        return number.doubleValue();
                    }
                } catch (javax.management.AttributeNotFoundException notHere) {
                    // another MBean of the same task
                }
            }
            return -1;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read JMX metric " + metric, e);
        }
    }
}

package io.incidentfeeds.brokers.acl;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import io.incidentfeeds.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka principals of the services and the ACLs each is granted: the one table that the
 * deployment step ({@code deploy/kafka/acls.sh}, which is {@link #script}) and the tests against a
 * secured broker both apply. Nothing else is granted: the authorizer refuses what no ACL allows.
 *
 * <p>Derived from what Kafka documents each client needs. READ and WRITE imply DESCRIBE. A
 * consumer in a group needs READ on the group; a transactional producer WRITE on its transactional
 * id (and, with {@code sendOffsetsToTransaction}, READ on the group). No service may create topics
 * of the contract: provisioning is a separate admin step. Kafka Streams makes its own internal
 * topics, all named with the application id as prefix, so the processor may create, read, write and
 * purge (DELETE, for DeleteRecords on repartition topics) only topics of that prefix.
 */
public final class ServiceAcls {

    /** A service's principal ({@code User:<name>}, the SCRAM user name). */
    public enum Service {
        PROCESSOR("stream-processor"), CONNECT("connect"), EDGE("ws-edge"), ANALYST("analyst");

        private final String user;

        Service(String user) {
            this.user = user;
        }

        public String user() {
            return user;
        }

        public String principal() {
            return "User:" + user;
        }
    }

    /** The names the ACLs are about; {@link #defaults()} are those of docker-compose.yml and the properties files. */
    public record Names(String raw, String dlq, String reconciled, String history, String conflicts,
                        String processorApplicationId,
                        String connectGroupId, String connectConfigs, String connectOffsets, String connectStatus,
                        boolean connectExactlyOnceSource) {

        public static Names defaults() {
            return new Names(Topics.RAW, Topics.DLQ, Topics.RECONCILED, Topics.HISTORY, Topics.CONFLICTS,
                    "incident-feeds-processor",
                    "incident-feeds-connect", "_connect-configs", "_connect-offsets", "_connect-status", true);
        }

        /** The checkpoints the processor writes and reviews and replays start from (the contract's name). */
        public String checkpoints() {
            return Topics.CHECKPOINTS;
        }
    }

    /** One grant of the table. */
    public record Grant(Service service, ResourceType type, PatternType pattern, String name, AclOperation operation) {

        public AclBinding binding() {
            return new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(service.principal(), "*", operation, AclPermissionType.ALLOW));
        }

        /** This grant as arguments of {@code kafka-acls.sh --add}. */
        public String kafkaAclsArguments() {
            String resource = switch (type) {
                case TOPIC -> "--topic";
                case GROUP -> "--group";
                case TRANSACTIONAL_ID -> "--transactional-id";
                default -> throw new IllegalStateException("no kafka-acls.sh option for " + type);
            };
            return "--allow-principal " + service.principal()
                    + " --operation " + camel(operation)
                    + " " + resource + " '" + name + "'"
                    + " --resource-pattern-type " + pattern.name().toLowerCase(Locale.ROOT);
        }

        private static String camel(AclOperation op) {
            StringBuilder out = new StringBuilder();
            for (String part : op.name().split("_")) {
                out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
            return out.toString();
        }
    }

    private ServiceAcls() {
    }

    /** Every grant of every service, in the table's order. */
    public static List<Grant> grants(Names n) {
        List<Grant> g = new ArrayList<>();
        // stream-processor: raw in; dlq, reconciled, history, conflicts out, in one transaction.
        Service p = Service.PROCESSOR;
        g.add(new Grant(p, TOPIC, LITERAL, n.raw(), READ));
        for (String out : List.of(n.dlq(), n.reconciled(), n.history(), n.conflicts())) {
            g.add(new Grant(p, TOPIC, LITERAL, out, WRITE));
        }
        // topics.provisioning=check reads the contract topics' settings.
        for (String topic : List.of(n.raw(), n.dlq(), n.reconciled(), n.history(), n.conflicts())) {
            g.add(new Grant(p, TOPIC, LITERAL, topic, DESCRIBE_CONFIGS));
        }
        String internal = n.processorApplicationId() + "-";
        for (AclOperation op : List.of(CREATE, READ, WRITE, DELETE, DESCRIBE_CONFIGS)) {
            g.add(new Grant(p, TOPIC, PREFIXED, internal, op));
        }
        g.add(new Grant(p, GROUP, LITERAL, n.processorApplicationId(), READ));
        // exactly_once_v2: transactional.id = <application.id>-<process id>-<thread>
        g.add(new Grant(p, TRANSACTIONAL_ID, PREFIXED, internal, WRITE));
        // checkpoints of each reconcile task's store, in its transaction (checkpoint.interval).
        g.add(new Grant(p, TOPIC, LITERAL, n.checkpoints(), WRITE));
        g.add(new Grant(p, TOPIC, LITERAL, n.checkpoints(), DESCRIBE_CONFIGS));

        // Connect worker and the MQTT source: its three internal topics (provisioned by the admin
        // step: without CREATE the worker logs that it assumes they exist), its group, raw out.
        Service c = Service.CONNECT;
        for (String topic : List.of(n.connectConfigs(), n.connectOffsets(), n.connectStatus())) {
            g.add(new Grant(c, TOPIC, LITERAL, topic, READ));
            g.add(new Grant(c, TOPIC, LITERAL, topic, WRITE));
            g.add(new Grant(c, TOPIC, LITERAL, topic, DESCRIBE_CONFIGS));
        }
        g.add(new Grant(c, GROUP, LITERAL, n.connectGroupId(), READ));
        g.add(new Grant(c, TOPIC, LITERAL, n.raw(), WRITE));
        if (n.connectExactlyOnceSource()) {
            // The leader's id connect-cluster-<group>, each task's <group>-<connector>-<task>.
            g.add(new Grant(c, TRANSACTIONAL_ID, LITERAL, "connect-cluster-" + n.connectGroupId(), WRITE));
            g.add(new Grant(c, TRANSACTIONAL_ID, PREFIXED, n.connectGroupId() + "-", WRITE));
        }

        // ws-edge: assigns the partitions of reconciled and conflicts itself (no group, no offsets).
        Service e = Service.EDGE;
        g.add(new Grant(e, TOPIC, LITERAL, n.reconciled(), READ));
        g.add(new Grant(e, TOPIC, LITERAL, n.conflicts(), READ));
        g.add(new Grant(e, TOPIC, LITERAL, n.checkpoints(), READ)); // a replay starts from the nearest checkpoint

        // analysts' tools (after-action, a console consumer): read and describe, assigning partitions.
        Service a = Service.ANALYST;
        for (String topic : List.of(n.raw(), n.history(), n.reconciled(), n.conflicts(), n.dlq())) {
            g.add(new Grant(a, TOPIC, LITERAL, topic, READ));
            g.add(new Grant(a, TOPIC, LITERAL, topic, DESCRIBE));
        }
        g.add(new Grant(a, TOPIC, LITERAL, n.checkpoints(), READ));
        g.add(new Grant(a, TOPIC, LITERAL, n.checkpoints(), DESCRIBE));
        return List.copyOf(g);
    }

    public static List<AclBinding> bindings(Names names) {
        return grants(names).stream().map(Grant::binding).toList();
    }

    /** The deployment script: one {@code kafka-acls.sh --add} per grant, for the default names. */
    public static String script(Names names) {
        StringBuilder out = new StringBuilder("""
                #!/bin/sh
                # Least-privilege ACLs of the services' Kafka principals. Generated by
                # io.incidentfeeds.brokers.acl.ServiceAcls (embedded-brokers), the table the tests apply too;
                # do not edit: change the table, then rewrite this file with
                #   mvn -B -ntp -pl embedded-brokers -am verify -Dtest=ServiceAclsTest \\
                #     -Dsurefire.failIfNoSpecifiedTests=false -Dacls.write=true
                # Usage: KAFKA_ACLS=kafka-acls.sh acls.sh <bootstrap servers> <admin client properties file>
                # (adding an ACL that exists is not an error: run it again after any change)
                set -eu
                bootstrap="$1"
                admin_config="$2"
                acls="${KAFKA_ACLS:-kafka-acls.sh}"
                add() { "$acls" --bootstrap-server "$bootstrap" --command-config "$admin_config" --add "$@"; }
                """);
        Service current = null;
        for (Grant grant : grants(names)) {
            if (grant.service() != current) {
                current = grant.service();
                out.append("\n# ").append(current.principal()).append('\n');
            }
            out.append("add ").append(grant.kafkaAclsArguments()).append('\n');
        }
        return out.toString();
    }
}

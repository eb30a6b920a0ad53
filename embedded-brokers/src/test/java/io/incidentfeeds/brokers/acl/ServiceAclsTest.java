package io.incidentfeeds.brokers.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.acl.ServiceAcls.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deployment's script is the table: {@code deploy/kafka/acls.sh} is what {@link ServiceAcls#script} prints. */
class ServiceAclsTest {

    private static final Path SCRIPT = Path.of("..", "deploy", "kafka", "acls.sh");

    @Test
    void theDeploymentScriptGrantsExactlyTheTable() throws Exception {
        String expected = ServiceAcls.script(Names.defaults());
        if (Boolean.getBoolean("acls.write")) {
            Files.writeString(SCRIPT, expected);
        }
        assertThat(Files.readString(SCRIPT))
                .as("deploy/kafka/acls.sh is out of date: rewrite it with -Dacls.write=true (see its header)")
                .isEqualTo(expected);
        assertThat(expected.lines().filter(l -> l.startsWith("add ")).count())
                .isEqualTo(ServiceAcls.grants(Names.defaults()).size());
    }

    @Test
    void withoutExactlyOnceSourceConnectHoldsNoTransactionalId() {
        Names n = Names.defaults();
        Names atLeastOnce = new Names(n.raw(), n.dlq(), n.reconciled(), n.history(), n.conflicts(),
                n.processorApplicationId(), n.connectGroupId(), n.connectConfigs(), n.connectOffsets(),
                n.connectStatus(), false);
        assertThat(ServiceAcls.grants(atLeastOnce))
                .filteredOn(g -> g.service() == ServiceAcls.Service.CONNECT)
                .isNotEmpty()
                .noneMatch(g -> g.type() == org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID);
    }
}

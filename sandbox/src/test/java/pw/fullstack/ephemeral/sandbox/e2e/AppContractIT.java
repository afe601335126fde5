package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.NameForm;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.testkit.github.Dispatch;

/**
 * The seed's application contract, end to end: every service started with the {@code as-given}
 * name form names the PR's cluster, DNS record and kubeconfig as the seed's workflows do, and the
 * dispatch the app repository gets announces exactly those names.
 */
class AppContractIT {

    private static final String REPOSITORY = "fullstack-pw/cks-backend";

    @Test
    void withTheSeedsWorkflowNamesTheDispatchAnnouncesTheClusterDnsRecordAndKubeconfigThePlatformMade() {
        try (Sandbox sandbox = TestSandboxes.start("app-contract", settings -> settings.withNameForm(NameForm.AS_GIVEN))) {
            SagaDriver saga = new SagaDriver(sandbox);
            EventEnvelope<PrOpened> run = saga.open(REPOSITORY, 42);
            saga.awaitStage(run, Stage.READY);

            assertThat(run.subject()).isEqualTo("pr-cks-backend-42");
            assertThat(sandbox.allocations()).containsValue("pr-cks-backend-42");
            Dispatch dispatch = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> sandbox.githubApi().dispatches(REPOSITORY), list -> !list.isEmpty()).get(0);
            assertThat(dispatch.eventType()).isEqualTo("ephemeral_environment_ready");
            Map<?, ?> environment = (Map<?, ?>) dispatch.clientPayload().get("environment");
            assertThat(environment.get("cluster_name")).isEqualTo("pr-cks-backend-42");
            assertThat(environment.get("namespace")).isEqualTo("default");
            assertThat(environment.get("host")).isEqualTo("pr-42-cks-backend.ephemeral.fullstack.pw");

            Map<?, ?> kubeconfig = (Map<?, ?>) environment.get("kubeconfig");
            Map<String, Object> stored = sandbox.vault().read((String) kubeconfig.get("vault_mount"),
                    (String) kubeconfig.get("vault_path")).orElseThrow();
            assertThat((String) stored.get((String) kubeconfig.get("field"))).contains("clusters:", "server:");
            String vip = saga.row(run).orElseThrow().addresses().get(0).toString();
            assertThat(sandbox.workloads().zone().lookup((String) environment.get("host")))
                    .hasValueSatisfying(record -> assertThat(record.addresses()).containsExactly(vip));

            saga.close(run);
            saga.awaitStages(List.of(run), Stage.RELEASED);
            assertThat(sandbox.deadLetterCount()).as("no service refused a name").isZero();
        }
    }
}

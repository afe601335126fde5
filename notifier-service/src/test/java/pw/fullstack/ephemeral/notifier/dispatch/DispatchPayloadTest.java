package pw.fullstack.ephemeral.notifier.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

class DispatchPayloadTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final Saga saga = Saga.of("fullstack-pw/cks-backend", 42, T0);
    private final DispatchPayload payloads = new DispatchPayload(ClusterNaming.defaults(), "default");

    @Test
    void carriesEveryNameAnAppWorkflowDeploysWithAndFitsGitHubsLimits() throws Exception {
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.ready(), saga.installed())).timeline();

        Map<String, Object> payload = payloads.of(t);

        assertThat(payload).hasSizeLessThanOrEqualTo(DispatchPayload.MAX_TOP_LEVEL_KEYS)
                .containsOnlyKeys("pr_number", "repository", "branch", "head_sha", "environment", "run_id", "event_id")
                .containsEntry("pr_number", 42)
                .containsEntry("repository", "fullstack-pw/cks-backend")
                .containsEntry("branch", "feature/login-form")
                .containsEntry("head_sha", Saga.SHA)
                .containsEntry("run_id", saga.runId())
                .containsEntry("event_id", t.installedEventId());
        assertThat(payload.get("environment")).isEqualTo(Map.of(
                "cluster_name", "pr-cksbackend-42",
                "namespace", "default",
                "host", "pr-42-cksbackend.ephemeral.fullstack.pw",
                "url", "https://pr-42-cksbackend.ephemeral.fullstack.pw/",
                "kubeconfig", Map.of("vault_mount", "kv", "vault_path", "ephemeral-clusters/pr-cksbackend-42/kubeconfig",
                        "field", "value")));
        assertThat(new ObjectMapper().writeValueAsString(payload).getBytes(StandardCharsets.UTF_8).length).isLessThan(65_536);
    }

    @Test
    void namesTheEnvironmentAsTheSeedsWorkflowsDoWhenTheServicesUseTheAsGivenForm() {
        ClusterNaming asGiven = ClusterNaming.defaults(NameForm.AS_GIVEN);
        Saga seedStyle = Saga.of(asGiven, "fullstack-pw/cks-backend", 42, T0);
        PrTimeline t = Timeline.fold(null, List.of(seedStyle.opened, seedStyle.allocated(), seedStyle.ready(),
                seedStyle.installed())).timeline();

        Map<?, ?> environment = (Map<?, ?>) new DispatchPayload(asGiven, "default").of(t).get("environment");

        assertThat(environment.get("cluster_name")).isEqualTo("pr-cks-backend-42");
        assertThat(environment.get("host")).isEqualTo("pr-42-cks-backend.ephemeral.fullstack.pw");
        assertThat(environment.get("kubeconfig")).isEqualTo(Map.of("vault_mount", "kv",
                "vault_path", "ephemeral-clusters/pr-cks-backend-42/kubeconfig", "field", "value"));
    }

    @Test
    void derivesTheHostFromThePullRequestNeverFromAnEvent() {
        String elsewhere = "pr-42-cksbackend.attacker.example";
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated(),
                saga.next(new ClusterReady(saga.pr, saga.cluster, List.of(Ipv4Address.parse("192.168.1.140")), elsewhere,
                        new VaultSecretRef("kv", "ephemeral-clusters/pr-cksbackend-42/kubeconfig", "value"),
                        URI.create("https://192.168.1.140:6443"), T0.plusSeconds(60))),
                saga.next(new PhasesInstalled(saga.pr, saga.cluster, URI.create("https://" + elsewhere), List.of()))))
                .timeline();

        Map<?, ?> environment = (Map<?, ?>) payloads.of(t).get("environment");

        assertThat(environment.get("host")).isEqualTo("pr-42-cksbackend.ephemeral.fullstack.pw");
        assertThat(environment.get("url")).isEqualTo("https://pr-42-cksbackend.ephemeral.fullstack.pw/");
    }

    @Test
    void announcesTheConfiguredAppNamespaceAndRefusesOneKubernetesWouldNot() {
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.ready(), saga.installed())).timeline();

        Map<?, ?> environment = (Map<?, ?>) new DispatchPayload(ClusterNaming.defaults(), "app").of(t).get("environment");

        assertThat(environment.get("namespace")).isEqualTo("app");
        assertThatThrownBy(() -> new DispatchPayload(ClusterNaming.defaults(), "Default; rm -rf /"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("notifier.dispatch.app-namespace");
    }

    @Test
    void dueOncePerRunWhileTheEnvironmentIsWanted() {
        PrTimeline ready = Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.installed())).timeline();
        PrTimeline closed = Timeline.fold(ready, List.of(saga.closed(T0.plusSeconds(5), false))).timeline();
        PrTimeline destroyed = Timeline.fold(ready, List.of(saga.destroyed(DestroyReason.ORPHAN))).timeline();

        assertThat(DispatchPayload.due(ready, GitHubEffects.NONE)).isTrue();
        assertThat(DispatchPayload.due(ready, GitHubEffects.NONE.withDispatched(ready.installedEventId()))).isFalse();
        assertThat(DispatchPayload.due(closed, GitHubEffects.NONE)).isFalse();
        assertThat(DispatchPayload.due(destroyed, GitHubEffects.NONE)).isFalse();
    }
}

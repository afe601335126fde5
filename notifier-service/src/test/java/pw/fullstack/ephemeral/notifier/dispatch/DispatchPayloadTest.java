package pw.fullstack.ephemeral.notifier.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

class DispatchPayloadTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final Saga saga = Saga.of("fullstack-pw/cks-backend", 42, T0);

    @Test
    void thePayloadFitsGitHubsLimitsAndCarriesTheKubeconfigLocationOnly() throws Exception {
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.ready(), saga.installed())).timeline();

        Map<String, Object> payload = DispatchPayload.of(t);

        assertThat(payload).hasSizeLessThanOrEqualTo(10)
                .containsEntry("pr_number", 42)
                .containsEntry("repository", "fullstack-pw/cks-backend")
                .containsEntry("cluster_name", "pr-cksbackend-42")
                .containsEntry("environment_url", "https://pr-42-cksbackend.ephemeral.fullstack.pw/")
                .containsEntry("kubeconfig", Map.of("vault_mount", "kv", "vault_path",
                        "ephemeral-clusters/pr-cksbackend-42/kubeconfig", "field", "value"))
                .containsEntry("run_id", saga.runId());
        assertThat(new ObjectMapper().writeValueAsString(payload).getBytes(StandardCharsets.UTF_8).length).isLessThan(65_536);
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

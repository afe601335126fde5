package pw.fullstack.ephemeral.notifier.comment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

class CommentRendererTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final StateSeal seal = StateSeal.withKey("a-key-for-comment-renderer-tests-0123456789");
    private final CommentRenderer renderer = new CommentRenderer(Duration.ofHours(1), Duration.ofDays(3), 300, seal);
    private final Saga saga = Saga.of("fullstack-pw/cks-backend", 42, T0);

    @Test
    void aReadyEnvironmentShowsItsLinkPhasesAndWhenItGoesAway() {
        String body = render(saga.opened, saga.queued(2), saga.allocated(), saga.ready(), saga.installed());

        assertThat(body).startsWith("<!-- ephemeral-clusters:notifier cluster=pr-cksbackend-42 run=" + saga.runId() + " -->\n");
        assertThat(body).contains("Ephemeral environment ready")
                .contains("[pr-42-cksbackend.ephemeral.fullstack.pw](https://pr-42-cksbackend.ephemeral.fullstack.pw/)")
                .contains("| Requested | 2026-11-28 10:00:00 UTC |")
                .contains("| Queued (position 2, pool of 4) |")
                .contains("| Cluster ready | 2026-11-28 10:02:00 UTC |")
                .contains("1 h after the PR closes, and at the latest around")
                .contains("maximum lifetime 3 days")
                .contains("Kubeconfig: in Vault at `kv/ephemeral-clusters/pr-cksbackend-42/kubeconfig`");
        RenderedMarkdown rendered = RenderedMarkdown.of(body);
        assertThat(rendered.links).containsExactly("https://pr-42-cksbackend.ephemeral.fullstack.pw/");
        assertThat(rendered.html).allSatisfy(h -> assertThat(h).matches("(?s)<!-- ephemeral-clusters:.*-->|</?sub>"));
    }

    @Test
    void aDestroyedEnvironmentShowsEveryPhaseAndNoLink() {
        String body = render(saga.opened, saga.allocated(), saga.ready(), saga.installed(), saga.closed(T0.plusSeconds(600), true),
                saga.expired(ExpiryReason.GRACE_PERIOD_ELAPSED), saga.destroyed(DestroyReason.EXPIRED));

        assertThat(body).contains("Ephemeral environment destroyed").contains("| PR merged | 2026-11-28 10:10:00 UTC |")
                .contains("Expired (grace period after close elapsed)").doesNotContain("Goes away").doesNotContain("Kubeconfig");
        assertThat(RenderedMarkdown.of(body).links).isEmpty();
    }

    @Test
    void aRefusedPrSaysItGetsNoEnvironmentAndWhy() {
        String body = render(saga.opened, saga.refused(pw.fullstack.ephemeral.contracts.events.RefusalReason.QUEUE_FULL, 20));

        assertThat(body).contains("### ⛔ No ephemeral environment: a limit is reached")
                .contains("**Failed** (`allocation`): `no environment: 20 pull requests already wait for one");
    }

    @Test
    void hostileFailureReasonsAndBranchNamesAreInert() {
        // Branch names are validated ([A-Za-z0-9._/-]) before they reach an event; this one would still autolink.
        Saga hostile = Saga.of("fullstack-pw/cks-backend", 42, T0, "www.evil.example/login_x");
        String reason = "@everyone <img src=x onerror=alert(1)> [fix](https://evil.example) see #1 ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
                + "\tat io.fabric8.Client.apply(Client.java:42)\n\tat java.base/java.lang.Thread.run(Thread.java:840)";

        String body = render(hostile.opened, hostile.allocated(), hostile.installFailed("phase1 <b>@ops</b>", reason));

        RenderedMarkdown rendered = RenderedMarkdown.of(body);
        assertThat(rendered.links).isEmpty();
        assertThat(rendered.images).isEmpty();
        assertThat(rendered.html).allSatisfy(h -> assertThat(h).matches("(?s)<!-- ephemeral-clusters:.*-->|</?sub>"));
        assertThat(rendered.hasMentionOrReferenceOutsideCode()).isFalse();
        assertThat(body).doesNotContain("ghp_abcdef").doesNotContain("Thread.run").doesNotContain("Client.java");
        assertThat(rendered.code).anySatisfy(c -> assertThat(c).startsWith("@everyone <img"));
    }

    @Test
    void aRunIdThatIsNotAnIdCannotBreakOutOfTheHiddenMarker() {
        var opened = new EventEnvelope<>("--> <img src=x> @admin", Saga.SOURCE, saga.opened.time(), "--> <img src=x> @admin",
                null, saga.opened.data());
        String body = render(opened);

        assertThat(body.lines().findFirst().orElseThrow()).matches("<!-- ephemeral-clusters:notifier cluster=pr-cksbackend-42 run=sha256:[0-9a-f]{16} -->");
        assertThat(RenderedMarkdown.of(body).hasMentionOrReferenceOutsideCode()).isFalse();
    }

    @Test
    void theStateItStoresIsTheStateItWasGiven() {
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated())).timeline();
        StoredState state = new StoredState(t, GitHubEffects.NONE.withDeployment(7).withState("in_progress"));

        assertThat(seal.open(renderer.render(state))).contains(state);
        assertThat(CommentMarker.isFor(renderer.render(state), "pr-cksbackend-42")).isTrue();
        assertThat(CommentMarker.isFor(renderer.render(state), "pr-cksbackend-4")).isFalse();
    }

    @Test
    void durationsReadNaturally() {
        assertThat(CommentRenderer.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(CommentRenderer.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(CommentRenderer.duration(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(CommentRenderer.duration(Duration.ofDays(3))).isEqualTo("3 days");
    }

    @SafeVarargs
    private String render(EventEnvelope<? extends LifecycleEvent>... events) {
        PrTimeline t = Timeline.fold(null, List.of(events)).timeline();
        return renderer.render(new StoredState(t, GitHubEffects.NONE));
    }
}

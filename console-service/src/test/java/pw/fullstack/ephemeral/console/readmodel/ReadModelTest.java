package pw.fullstack.ephemeral.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadModelTest {

    private static final Instant T0 = Saga.T0;
    private final ReadModel model = new ReadModel();

    @Test
    void anEnvironmentIsReadyWithItsAddressesAndUrlOnceItsPhasesAreInstalled() {
        Saga saga = new Saga("fullstack-pw/demo-apps", 12, T0);
        model.apply(saga.opened);
        model.apply(saga.allocated(T0.plusSeconds(1), "192.168.1.200", "192.168.1.201"));
        assertThat(only().state()).isEqualTo(State.PROVISIONING);
        model.apply(saga.clusterReady(T0.plusSeconds(40), "192.168.1.200", "192.168.1.201"));
        assertThat(only().state()).isEqualTo(State.INSTALLING);
        model.apply(saga.installed(T0.plusSeconds(70)));

        Environment environment = only();
        assertThat(environment.state()).isEqualTo(State.READY);
        assertThat(environment.pullRequest().toString()).isEqualTo("fullstack-pw/demo-apps#12");
        assertThat(environment.addresses()).containsExactly("192.168.1.200", "192.168.1.201");
        assertThat(environment.environmentUrl()).isEqualTo(URI.create("https://" + saga.cluster.value() + ".ephemeral.fullstack.pw"));
        assertThat(environment.openedAt()).isEqualTo(T0);
        assertThat(environment.lastEventAt()).isEqualTo(T0.plusSeconds(70));
        assertThat(environment.lastEventType()).isEqualTo("PhasesInstalled");
        assertThat(model.lastEventAt()).isEqualTo(T0.plusSeconds(70));
    }

    @Test
    void aQueuedPrShowsItsPositionUntilItGetsAddresses() {
        Saga saga = new Saga("fullstack-pw/demo-apps", 3, T0);
        model.apply(saga.opened);
        model.apply(saga.queued(2, T0.plusSeconds(1)));
        assertThat(only().state()).isEqualTo(State.QUEUED);
        assertThat(only().queuePosition()).isEqualTo(2);

        model.apply(saga.allocated(T0.plusSeconds(90), "10.0.0.1", "10.0.0.2"));
        assertThat(only().state()).isEqualTo(State.PROVISIONING);
        assertThat(only().queuePosition()).isZero();
    }

    @Test
    void aClosedPrIsExpiredDestroyedAndReleasesItsAddresses() {
        Saga saga = readySaga("fullstack-pw/demo-apps", 5, T0);
        model.apply(saga.closed(T0.plusSeconds(100)));
        assertThat(only().closed()).isTrue();
        assertThat(only().state()).isEqualTo(State.READY);
        model.apply(saga.expired(T0.plusSeconds(200)));
        assertThat(only().state()).isEqualTo(State.EXPIRING);
        assertThat(only().expiry()).isEqualTo("grace-period-elapsed");
        model.apply(saga.destroyed(T0.plusSeconds(230), "10.0.0.1", "10.0.0.2"));
        assertThat(only().state()).isEqualTo(State.DESTROYED);
        assertThat(only().addresses()).containsExactly("10.0.0.1", "10.0.0.2");
        model.apply(saga.released(T0.plusSeconds(231), "10.0.0.1", "10.0.0.2"));
        assertThat(only().state()).isEqualTo(State.RELEASED);
        assertThat(only().addresses()).isEmpty();
    }

    @Test
    void aReopenedPrFollowsItsNewRunAndKeepsTheOldOneInItsTimeline() {
        Saga first = readySaga("fullstack-pw/demo-apps", 7, T0);
        model.apply(first.closed(T0.plusSeconds(100)));
        Saga second = new Saga("fullstack-pw/demo-apps", 7, T0.plusSeconds(110));
        model.apply(second.opened);

        Environment environment = only();
        assertThat(environment.runId()).isEqualTo(second.opened.correlationId());
        assertThat(environment.state()).isEqualTo(State.OPENED);
        assertThat(environment.closed()).isFalse();
        assertThat(environment.runs()).isEqualTo(2);

        // a late expiry of the first run is in its story, and does not move the new run's environment
        model.apply(first.expired(T0.plusSeconds(120)));
        assertThat(only().state()).isEqualTo(State.OPENED);

        Timeline timeline = model.timeline(first.cluster.value()).orElseThrow();
        assertThat(timeline.runs()).extracting(Timeline.Run::id)
                .containsExactly(second.opened.correlationId(), first.opened.correlationId());
        assertThat(timeline.runs().get(0).latest()).isTrue();
        assertThat(timeline.runs().get(1).entries()).extracting(TimelineEntry::type)
                .containsExactly("PrOpened", "IpAllocated", "ClusterReady", "PhasesInstalled", "PrClosed", "ClusterExpired");
    }

    @Test
    void aRunOpenedEarlierButSeenLaterDoesNotTakeTheEnvironmentOver() {
        Saga later = new Saga("fullstack-pw/demo-apps", 8, T0.plusSeconds(50));
        Saga earlier = new Saga("fullstack-pw/demo-apps", 8, T0);
        model.apply(later.opened);
        model.apply(earlier.opened);
        model.apply(earlier.allocated(T0.plusSeconds(60), "10.0.0.1"));

        assertThat(only().runId()).isEqualTo(later.opened.correlationId());
        assertThat(only().state()).isEqualTo(State.OPENED);
    }

    @Test
    void aRepeatedEventChangesNothing() {
        Saga saga = new Saga("fullstack-pw/demo-apps", 9, T0);
        var allocated = saga.allocated(T0.plusSeconds(1), "10.0.0.1");
        assertThat(model.apply(saga.opened)).isTrue();
        assertThat(model.apply(allocated)).isTrue();
        assertThat(model.apply(allocated)).isFalse();

        assertThat(model.events()).isEqualTo(2);
        assertThat(model.duplicates()).isEqualTo(1);
        assertThat(model.timeline(saga.cluster.value()).orElseThrow().runs().get(0).entries()).hasSize(2);
    }

    @Test
    void aResentClusterReadyDoesNotTakeAReadyEnvironmentBack() {
        Saga saga = readySaga("fullstack-pw/demo-apps", 10, T0);
        model.apply(saga.clusterReady(T0.plusSeconds(300), "10.0.0.1", "10.0.0.2"));

        assertThat(only().state()).isEqualTo(State.READY);
        assertThat(only().lastEventType()).isEqualTo("ClusterReady");
    }

    @Test
    void eachEventNamesItsCauseAndHowLongAfterItItCame() {
        Saga saga = readySaga("fullstack-pw/demo-apps", 11, T0);

        List<TimelineEntry> entries = model.timeline(saga.cluster.value()).orElseThrow().runs().get(0).entries();
        assertThat(entries).extracting(TimelineEntry::type)
                .containsExactly("PrOpened", "IpAllocated", "ClusterReady", "PhasesInstalled");
        assertThat(entries).extracting(TimelineEntry::service)
                .containsExactly("github-bridge", "allocator", "provisioner", "installer");
        assertThat(entries.get(0).cause()).isNull();
        assertThat(entries.get(2).cause()).isEqualTo("IpAllocated");
        assertThat(entries.get(2).afterCause()).isEqualTo(Duration.ofSeconds(39));
        assertThat(entries.get(3).afterCause()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFailureIsMarkedWithItsReason() {
        Saga saga = new Saga("fullstack-pw/demo-apps", 13, T0);
        model.apply(saga.opened);
        model.apply(saga.allocated(T0.plusSeconds(1), "10.0.0.1"));
        model.apply(saga.clusterReady(T0.plusSeconds(40), "10.0.0.1"));
        model.apply(saga.installFailed(T0.plusSeconds(80), "chart ingress-nginx timed out"));

        assertThat(only().state()).isEqualTo(State.FAILED);
        assertThat(only().failure()).isEqualTo("phase1/ingress-nginx: chart ingress-nginx timed out");
        TimelineEntry failed = model.timeline(saga.cluster.value()).orElseThrow().runs().get(0).entries().get(3);
        assertThat(failed.failure()).isTrue();
        assertThat(failed.detail()).contains("chart ingress-nginx timed out");
    }

    @Test
    void deadLettersAboutAPrAreInItsTimelineInTheirOwnOrderWhicheverArrivesFirst() {
        Saga saga = new Saga("fullstack-pw/demo-apps", 14, T0);
        DeadLetter later = new DeadLetter("installer", "ephemeral.cluster-lifecycle.installer.dlq", 0, 4,
                T0.plusSeconds(9), saga.cluster.value(), "ClusterReady", "id-2", "cluster name is not the name of the PR");
        DeadLetter earlier = new DeadLetter("allocator", "ephemeral.cluster-lifecycle.allocator.dlq", 1, 0,
                T0.plusSeconds(2), saga.cluster.value(), "PrOpened", "id-1", "invalid PrOpened: branch is required");
        assertThat(model.apply(later)).isTrue();
        model.apply(saga.opened);
        model.apply(earlier);
        assertThat(model.apply(earlier)).isFalse();

        assertThat(model.timeline(saga.cluster.value()).orElseThrow().deadLetters()).containsExactly(earlier, later);
        assertThat(only().deadLetters()).isEqualTo(2);
    }

    @Test
    void neverShowsWhereTheKubeconfigIsNorTheClusterApiEndpoint() {
        Saga saga = readySaga("fullstack-pw/demo-apps", 15, T0);

        String everything = model.environments() + " " + model.timeline(saga.cluster.value()).orElseThrow();
        assertThat(everything).contains(saga.cluster.value())
                .doesNotContain(Saga.KUBECONFIG.path())
                .doesNotContain(Saga.KUBECONFIG.toString())
                .doesNotContain("6443");
    }

    @Test
    void environmentsAreListedMostRecentlyOpenedFirst() {
        readySaga("fullstack-pw/demo-apps", 1, T0);
        readySaga("fullstack-pw/cks-backend", 2, T0.plusSeconds(5));

        assertThat(model.environments()).extracting(e -> e.pullRequest().toString())
                .containsExactly("fullstack-pw/cks-backend#2", "fullstack-pw/demo-apps#1");
    }

    private Saga readySaga(String repository, int number, Instant openedAt) {
        Saga saga = new Saga(repository, number, openedAt);
        model.apply(saga.opened);
        model.apply(saga.allocated(openedAt.plusSeconds(1), "10.0.0.1", "10.0.0.2"));
        model.apply(saga.clusterReady(openedAt.plusSeconds(40), "10.0.0.1", "10.0.0.2"));
        model.apply(saga.installed(openedAt.plusSeconds(70)));
        return saga;
    }

    private Environment only() {
        assertThat(model.environments()).hasSize(1);
        return model.environments().get(0);
    }
}

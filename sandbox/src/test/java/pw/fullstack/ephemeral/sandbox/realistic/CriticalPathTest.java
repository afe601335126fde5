package pw.fullstack.ephemeral.sandbox.realistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.sandbox.realistic.CriticalPath.Hop;
import pw.fullstack.ephemeral.sandbox.realistic.CriticalPath.Step;
import pw.fullstack.ephemeral.sandbox.realistic.RecordedTimes.ChartTimes;

class CriticalPathTest {

    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    private static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    private static List<String> names(CriticalPath path) {
        return path.hops().stream().map(Hop::step).toList();
    }

    @Test
    void eachStepWaitsOnItsLatestDependencyAndThePathFollowsThoseBackToTheFirstStep() {
        List<Step> steps = List.of(
                new Step("open", at(0), List.of()),
                new Step("fast", at(5), List.of("open")),
                new Step("slow", at(40), List.of("open")),
                new Step("done", at(41), List.of("fast", "slow")));

        CriticalPath path = CriticalPath.to("done", steps);

        assertThat(names(path)).containsExactly("open", "slow", "done");
        assertThat(path.hops().get(2).waitedOn()).contains("slow");
        assertThat(path.hops().get(2).after()).isEqualTo(Duration.ofSeconds(1));
        assertThat(path.total()).isEqualTo(Duration.ofSeconds(41));
    }

    @Test
    void aDependencyThatWasNotRecordedIsLeftOutAndAnUnknownLastStepIsRefused() {
        List<Step> steps = List.of(new Step("open", at(0), List.of()), new Step("done", at(3), List.of("open", "never")));

        assertThat(names(CriticalPath.to("done", steps))).containsExactly("open", "done");
        assertThatThrownBy(() -> CriticalPath.to("missing", steps)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepThatWaitedOnSomethingOtherThanItsDependencyShowsALongHopAndWhatCameJustBefore() {
        List<Step> steps = List.of(
                new Step("ready", at(0), List.of()),
                new Step("charts available", at(60), List.of("ready")),
                new Step("dns requested", at(61), List.of("ready")));

        Hop dns = CriticalPath.timeline(steps).get(2);

        assertThat(dns.waitedOn()).contains("ready");
        assertThat(dns.after()).isEqualTo(Duration.ofSeconds(61));
        assertThat(dns.previous()).contains("charts available");
        assertThat(dns.afterPrevious()).isEqualTo(Duration.ofSeconds(1));
    }

    /** The installer as it was: Phase 2 and the DNS record only after every chart is Available. */
    private static RecordedTimes sequentialInstaller() {
        return new RecordedTimes(at(0), at(0.2), at(0.5), at(90.5), at(120.5), at(121),
                Map.of("cert-manager", new ChartTimes(at(122), at(122.1), at(127), at(132), at(167)),
                        "external-secrets", new ChartTimes(at(122), at(122.1), at(128), at(134), at(182))),
                at(185), at(184), at(242), at(184.1), at(214), at(243));
    }

    /** Everything overlapped that the dependencies allow. */
    private static RecordedTimes overlappingInstaller() {
        return new RecordedTimes(at(0), at(0.2), at(0.5), at(90.5), at(120.5), at(121),
                Map.of("cert-manager", new ChartTimes(at(122), at(122.1), at(127), at(132), at(167)),
                        "external-secrets", new ChartTimes(at(122), at(122.1), at(128), at(134), at(182))),
                at(182.5), at(121.5), at(180), at(121.6), at(151.6), at(183));
    }

    @Test
    void withTheSequentialInstallerTheDnsRecordIsRequestedOnlyAfterPhase1AndItsPropagationIsOnThePath() {
        CriticalPath path = CriticalPath.to(RecordedTimes.PHASES_INSTALLED, sequentialInstaller().steps());

        assertThat(names(path)).containsExactly(RecordedTimes.PR_OPENED, RecordedTimes.IP_ALLOCATED,
                RecordedTimes.CLUSTER_API_APPLIED, RecordedTimes.VM_BOOTED, RecordedTimes.K3S_READY, RecordedTimes.CLUSTER_READY,
                RecordedTimes.DNS_RECORD_REQUESTED, RecordedTimes.DNS_PUBLISHED, RecordedTimes.PHASES_INSTALLED);
        Hop requested = path.hops().get(6);
        assertThat(requested.after()).isEqualTo(Duration.ofSeconds(63));
        assertThat(requested.previous()).contains("external-secrets available");
        assertThat(path.total()).isEqualTo(Duration.ofSeconds(243));
    }

    @Test
    void withEverythingOverlappedTheSlowestChartsWebhookBoundsThePathAndDnsPropagationRunsBesideIt() {
        CriticalPath path = CriticalPath.to(RecordedTimes.PHASES_INSTALLED, overlappingInstaller().steps());

        assertThat(names(path)).endsWith(RecordedTimes.CLUSTER_READY, "external-secrets HelmChart applied",
                "external-secrets install started", "external-secrets CRDs established", "external-secrets installed",
                "external-secrets available", RecordedTimes.PHASE2_APPLIED, RecordedTimes.PHASES_INSTALLED);
        assertThat(path.total()).isEqualTo(Duration.ofSeconds(183));
        assertThat(CriticalPath.timeline(overlappingInstaller().steps()))
                .filteredOn(h -> h.step().equals(RecordedTimes.DNS_PUBLISHED)).singleElement()
                .satisfies(h -> assertThat(h.after()).isEqualTo(Duration.ofMillis(58500)));
    }

    @Test
    void stepsThatDidNotHappenAreNotSteps() {
        RecordedTimes times = new RecordedTimes(at(0), at(1), null, null, null, null, Map.of(), null, null, null, null, null, null);

        assertThat(times.steps()).extracting(Step::name).containsExactly(RecordedTimes.PR_OPENED, RecordedTimes.IP_ALLOCATED);
    }

    /** The table's step column. */
    private static String step(String line) {
        return line.length() > 14 ? line.substring(14) : "";
    }

    @Test
    void theTableListsEveryStepInTimeOrderAndStarsTheCriticalPath() {
        List<String> lines = CriticalPathTable.lines(sequentialInstaller().steps(), RecordedTimes.PHASES_INSTALLED);

        assertThat(lines).hasSize(1 + sequentialInstaller().steps().size());
        assertThat(lines).filteredOn(l -> step(l).startsWith(RecordedTimes.DNS_PUBLISHED)).singleElement()
                .satisfies(l -> assertThat(l).startsWith("  *").contains("242.0 s").contains("+58.0 s"));
        assertThat(lines).filteredOn(l -> step(l).startsWith("cert-manager available")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("   "));
        assertThat(CriticalPathTable.summary(CriticalPath.to(RecordedTimes.PHASES_INSTALLED, sequentialInstaller().steps())))
                .startsWith(RecordedTimes.PR_OPENED + " -> " + RecordedTimes.IP_ALLOCATED + " (+0.2 s)")
                .endsWith(RecordedTimes.PHASES_INSTALLED + " (+1.0 s)");
        assertThat(Optional.of(lines.get(0))).hasValueSatisfying(header -> assertThat(header).contains("waited on"));
    }
}

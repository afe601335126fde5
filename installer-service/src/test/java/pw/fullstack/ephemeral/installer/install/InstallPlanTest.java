package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;

/** The waits' decisions: what Phase 1, the DNS check and the release do with what was observed and the time. */
class InstallPlanTest {

    private static final Optional<String> NONE_PENDING = Optional.empty();

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant DEADLINE = T0.plus(Duration.ofMinutes(3));
    private static final String NAME = "pr-42-cksbackend.ephemeral.fullstack.pw";
    private static final String VIP = "192.168.1.140";

    /** The defaults: 3 helm retries of 5m0s each, 3 minutes a wait, 35 minutes in all. */
    private static final Phase1Deadlines LIMITS = Phase1Deadlines.of(3, "5m0s", Duration.ofMinutes(3), Duration.ofMinutes(35));
    private static final Instant PHASE_DEADLINE = T0.plus(LIMITS.overall());

    private static Instant at(int minutes, int seconds) {
        return T0.plus(Duration.ofMinutes(minutes).plusSeconds(seconds));
    }

    private static Phase1Progress progress(List<Phase1Progress.Chart> charts, List<String> pendingCrds) {
        return new Phase1Progress(charts, pendingCrds, Optional.empty());
    }

    /** One look at the cluster, as the reconcile loop takes it: record what began, then decide. */
    private static final class Looks {
        private Map<String, Instant> begun = Map.of();

        InstallPlan.Outcome at(Instant now, Phase1Progress progress) {
            begun = InstallPlan.waitsBegun(progress, begun, now);
            return InstallPlan.phase1(progress, T0, begun, LIMITS, PHASE_DEADLINE, now);
        }
    }

    @Test
    void slowWaitsThatEachKeepToTheirOwnDeadlineAddUpPastTheOldThreeMinutesWithoutFailing() {
        Looks looks = new Looks();
        var certManager = "cert-manager";
        // A cold node: the helm install takes 2m30s, the operator's images 2m30s more, the CRDs 20 s after that.
        assertThat(looks.at(at(2, 29), progress(List.of(Phase1Progress.Chart.pending(certManager)), List.of())))
                .isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(2, 30), progress(List.of(Phase1Progress.Chart.installed(certManager,
                List.of("cert-manager/cert-manager-webhook"))), List.of("clusterissuers.cert-manager.io"))))
                .isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(5, 20), progress(List.of(Phase1Progress.Chart.installed(certManager, List.of())),
                List.of("clusterissuers.cert-manager.io")))).as("5m20s in all, each wait under 3 minutes")
                .isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(5, 30), progress(List.of(Phase1Progress.Chart.installed(certManager, List.of())), List.of())))
                .isInstanceOf(InstallPlan.Proceed.class);
    }

    @Test
    void aHelmInstallMayTakeEveryAttemptHelmControllerMakesThenFailsNamingItsJob() {
        Looks looks = new Looks();
        Phase1Progress stillRunning = progress(List.of(Phase1Progress.Chart.installed("external-dns-pihole", List.of()),
                Phase1Progress.Chart.pending("cert-manager")), List.of());
        // Longer than helm's own 5m0s timeout: the first attempt timed out on a cold node and helm-controller retries.
        assertThat(looks.at(at(20, 0), stillRunning)).isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(24, 9), stillRunning)).isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(24, 10), stillRunning)).isEqualTo(new InstallPlan.Fail("phase1", "helm-install",
                "helm-install Jobs not complete within 24 minutes 10 seconds of the HelmCharts being applied "
                        + "(every attempt helm-controller may make): helm-install-cert-manager"));
    }

    @Test
    void aStuckWaitFailsAtItsOwnDeadlineNamingItLongBeforeThePhasesDeadline() {
        Looks looks = new Looks();
        Phase1Progress webhookNeverUp = progress(List.of(Phase1Progress.Chart.installed("cert-manager",
                List.of("cert-manager/cert-manager-webhook")), Phase1Progress.Chart.installed("external-secrets", List.of())),
                List.of());
        assertThat(looks.at(at(1, 0), webhookNeverUp)).isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(3, 59), webhookNeverUp)).isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(4, 0), webhookNeverUp)).isEqualTo(new InstallPlan.Fail("phase1", "deployments",
                "Deployments of cert-manager not available within 3 minutes of its helm install completing: "
                        + "cert-manager/cert-manager-webhook"));

        Looks crds = new Looks();
        Phase1Progress neverEstablished = progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of())),
                List.of("clusterissuers.cert-manager.io"));
        assertThat(crds.at(at(2, 0), neverEstablished)).isInstanceOf(InstallPlan.Wait.class);
        assertThat(crds.at(at(5, 0), neverEstablished)).isEqualTo(new InstallPlan.Fail("phase1", "crds",
                "CRDs not established within 3 minutes of the helm installs completing: clusterissuers.cert-manager.io"));
    }

    @Test
    void theCrdsWaitBeginsOnlyWhenEveryHelmInstallIsComplete() {
        Looks looks = new Looks();
        List<String> crd = List.of("externalsecrets.external-secrets.io");
        assertThat(looks.at(at(1, 0), progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of()),
                Phase1Progress.Chart.pending("external-secrets")), crd))).isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.at(at(6, 0), progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of()),
                Phase1Progress.Chart.installed("external-secrets", List.of())), crd)))
                .as("the chart that installs it took 6 minutes; its CRD wait starts now").isInstanceOf(InstallPlan.Wait.class);
        assertThat(looks.begun).containsEntry(InstallPlan.CRDS_WAIT, at(6, 0));
    }

    @Test
    void whenEachWaitBeganIsKeptOnceRecordedSoARestartKeepsItsDeadline() {
        Phase1Progress installed = progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of("a/b"))), List.of());
        Map<String, Instant> recorded = Map.of(InstallPlan.deploymentsWait("cert-manager"), at(1, 0));
        assertThat(InstallPlan.waitsBegun(installed, recorded, at(3, 0)))
                .containsEntry(InstallPlan.deploymentsWait("cert-manager"), at(1, 0)).containsEntry(InstallPlan.CRDS_WAIT, at(3, 0));
        assertThat(InstallPlan.waitsBegun(Phase1Progress.unreachable("ConnectException"), recorded, at(3, 0)))
                .as("nothing is seen, nothing begins").isEqualTo(recorded);
        // After a restart at 4m01s the recorded begin still decides.
        assertThat(InstallPlan.phase1(installed, T0, InstallPlan.waitsBegun(installed, recorded, at(4, 1)), LIMITS,
                PHASE_DEADLINE, at(4, 1))).extracting(o -> ((InstallPlan.Fail) o).step()).isEqualTo("deployments");
    }

    @Test
    void aFailedHelmInstallFailsAtOnceBecauseAbortWillNotRetryIt() {
        assertThat(InstallPlan.phase1(progress(List.of(Phase1Progress.Chart.failed("cert-manager", "BackoffLimitExceeded"),
                Phase1Progress.Chart.pending("x")), List.of()), T0, Map.of(), LIMITS, PHASE_DEADLINE, at(0, 5)))
                .isEqualTo(new InstallPlan.Fail("phase1", "helm-install", "helm install failed: cert-manager: BackoffLimitExceeded"));
    }

    @Test
    void anUnreachableApiServerIsWaitedForUntilThePhasesDeadline() {
        assertThat(InstallPlan.phase1(Phase1Progress.unreachable("ConnectException"), T0, Map.of(), LIMITS, PHASE_DEADLINE,
                at(30, 0))).as("an API server that is away for a while is waited for").isInstanceOf(InstallPlan.Wait.class);
        InstallPlan.Outcome late = InstallPlan.phase1(Phase1Progress.unreachable("ConnectException"), T0, Map.of(), LIMITS,
                PHASE_DEADLINE, PHASE_DEADLINE);
        assertThat(((InstallPlan.Fail) late).step()).isEqualTo("workload-api");
        assertThat(((InstallPlan.Fail) late).reason()).contains("ConnectException");
    }

    @Test
    void atThePhasesDeadlineWhatIsStillMissingNamesTheStep() {
        // Waits recorded late (e.g. the installer was down) are still bounded by the phase.
        Map<String, Instant> lateBegun = Map.of(InstallPlan.deploymentsWait("cert-manager"), PHASE_DEADLINE.minusSeconds(10));
        assertThat(InstallPlan.phase1(progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of("a/b"))),
                List.of()), T0, lateBegun, LIMITS, PHASE_DEADLINE, PHASE_DEADLINE))
                .isEqualTo(new InstallPlan.Fail("phase1", "deployments", "Phase 1 not done by its deadline " + PHASE_DEADLINE
                        + ": Deployments not available: a/b"));
    }

    @Test
    void theDnsCheckEndsWhenTheNameResolvesToTheVipAndAMissIsAWarningUnlessStrict() {
        Instant end = T0.plus(Duration.ofMinutes(5));
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of(VIP)), NAME, VIP, "192.168.1.3:53", T0, end, T0.plusSeconds(2), false, NONE_PENDING))
                .isEqualTo(new InstallPlan.Installed(List.of()));
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of("192.168.1.150")), NAME, VIP, "r", T0, end, T0.plusSeconds(2), false, NONE_PENDING))
                .as("another address is not the cluster").isInstanceOf(InstallPlan.Wait.class);
        InstallPlan.Outcome miss = InstallPlan.dnsCheck(DnsAnswer.failed("SocketTimeoutException"), NAME, VIP, "192.168.1.3:53",
                T0, end, end, false, NONE_PENDING);
        assertThat(miss).isInstanceOf(InstallPlan.Installed.class);
        assertThat(((InstallPlan.Installed) miss).warnings()).singleElement().asString()
                .isEqualTo("dns: " + NAME + " did not resolve to " + VIP + " at 192.168.1.3:53 within 5 minutes"
                        + " (last answer: no answer (SocketTimeoutException))");
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of()), NAME, VIP, "r", T0, end, end, true, NONE_PENDING))
                .isInstanceOf(InstallPlan.Fail.class).extracting(o -> ((InstallPlan.Fail) o).step()).isEqualTo("dns-check");
    }

    @Test
    void theDnsCheckAlsoWaitsForTheCertificateAndAMissingOneIsAWarningEvenWhenStrict() {
        Instant end = T0.plus(Duration.ofMinutes(5));
        Optional<String> pending = Optional.of("Certificate pr-x-1/environment not Ready (DoesNotExist: Issuing)");
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of(VIP)), NAME, VIP, "r", T0, end, T0.plusSeconds(2), false, pending))
                .as("resolving is not enough while the certificate is on its way").isInstanceOf(InstallPlan.Wait.class);
        InstallPlan.Outcome late = InstallPlan.dnsCheck(DnsAnswer.of(List.of(VIP)), NAME, VIP, "r", T0, end, end, true, pending);
        assertThat(late).as("a certificate comes later (it is copied then); the name works without it")
                .isInstanceOf(InstallPlan.Installed.class);
        assertThat(((InstallPlan.Installed) late).warnings()).singleElement().asString()
                .isEqualTo("tls: the certificate for " + NAME + " was not in the cluster within 5 minutes (" + pending.get()
                        + "); it is copied in once issued");
        InstallPlan.Outcome both = InstallPlan.dnsCheck(DnsAnswer.of(List.of()), NAME, VIP, "r", T0, end, end, false, pending);
        assertThat(((InstallPlan.Installed) both).warnings()).hasSize(2);
    }

    @Test
    void anInstalledEnvironmentsCertificateIsComparedAtItsInterval() {
        Duration interval = Duration.ofMinutes(1);
        assertThat(InstallPlan.certificateSyncDue(Optional.empty(), interval, T0)).as("never yet (e.g. after a restart)").isTrue();
        assertThat(InstallPlan.certificateSyncDue(Optional.of(T0), interval, T0.plusSeconds(59))).isFalse();
        assertThat(InstallPlan.certificateSyncDue(Optional.of(T0), interval, T0.plusSeconds(60))).isTrue();
    }

    @Test
    void theReleaseAnswersAtOnceWithoutARecordAndOtherwiseWaitsBoundedForItToGo() {
        Instant end = T0.plusSeconds(90);
        assertThat(InstallPlan.release(false, DnsAnswer.of(List.of(VIP)), NAME, VIP, "r", end, T0))
                .extracting(o -> ((InstallPlan.Released) o).outcome()).isEqualTo(DnsReleaseOutcome.NOT_INSTALLED);
        assertThat(InstallPlan.release(true, DnsAnswer.of(List.of(VIP)), NAME, VIP, "r", end, T0.plusSeconds(10)))
                .isInstanceOf(InstallPlan.Wait.class);
        assertThat(InstallPlan.release(true, DnsAnswer.failed("timeout"), NAME, VIP, "r", end, T0.plusSeconds(10)))
                .as("no answer is not proof it is gone").isInstanceOf(InstallPlan.Wait.class);
        assertThat(InstallPlan.release(true, DnsAnswer.of(List.of()), NAME, VIP, "r", end, T0.plusSeconds(10)))
                .extracting(o -> ((InstallPlan.Released) o).outcome()).isEqualTo(DnsReleaseOutcome.REMOVED);
        assertThat(InstallPlan.release(true, DnsAnswer.of(List.of(VIP)), NAME, VIP, "r", end, end))
                .extracting(o -> ((InstallPlan.Released) o).outcome()).isEqualTo(DnsReleaseOutcome.TIMED_OUT);
    }

    @Test
    void anInstallationIsStuckOnlyWhenItsOwnersStepOutlivedItsDeadline() {
        Map<String, String> running = Map.of(InstallAnnotations.RUN, "r1", InstallAnnotations.OWNER, "r1",
                InstallAnnotations.STEP, "phase1", InstallAnnotations.DEADLINE, DEADLINE.toString());
        Installation installation = new Installation("c", running);
        assertThat(InstallPlan.stuck(installation, Duration.ofMinutes(1), DEADLINE.plusSeconds(30))).isFalse();
        assertThat(InstallPlan.stuck(installation, Duration.ofMinutes(1), DEADLINE.plusSeconds(61))).isTrue();
        Map<String, String> done = new java.util.HashMap<>(running);
        done.put(InstallAnnotations.STEP, "installed");
        assertThat(InstallPlan.stuck(new Installation("c", done), Duration.ofMinutes(1), DEADLINE.plusSeconds(61))).isFalse();
        Map<String, String> adopted = new java.util.HashMap<>(running);
        adopted.put(InstallAnnotations.OWNER, "r2");
        assertThat(InstallPlan.stuck(new Installation("c", adopted), Duration.ofMinutes(1), DEADLINE.plusSeconds(61))).isFalse();
    }
}

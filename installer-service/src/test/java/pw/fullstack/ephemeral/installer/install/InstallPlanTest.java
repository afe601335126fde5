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

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant DEADLINE = T0.plus(Duration.ofMinutes(3));
    private static final String NAME = "pr-42-cksbackend.ephemeral.fullstack.pw";
    private static final String VIP = "192.168.1.140";

    private static Phase1Progress progress(List<String> failed, List<String> jobs, List<String> deployments, List<String> crds) {
        return new Phase1Progress(failed, jobs, deployments, crds, Optional.empty());
    }

    @Test
    void phase1WaitsUntilJobsDeploymentsAndCrdsAreAllThereThenProceeds() {
        assertThat(InstallPlan.phase1(progress(List.of(), List.of("helm-install-cert-manager"), List.of(), List.of()), T0,
                DEADLINE, T0.plusSeconds(30))).isInstanceOf(InstallPlan.Wait.class);
        assertThat(InstallPlan.phase1(progress(List.of(), List.of(), List.of(), List.of()), T0, DEADLINE, T0.plusSeconds(30)))
                .isInstanceOf(InstallPlan.Proceed.class);
        assertThat(InstallPlan.phase1(progress(List.of(), List.of(), List.of(), List.of()), T0, DEADLINE, DEADLINE.plusSeconds(1)))
                .as("ready just after the deadline still counts").isInstanceOf(InstallPlan.Proceed.class);
    }

    @Test
    void aFailedHelmInstallFailsAtOnceBecauseAbortWillNotRetryIt() {
        assertThat(InstallPlan.phase1(progress(List.of("cert-manager: BackoffLimitExceeded"), List.of("helm-install-x"), List.of(),
                List.of()), T0, DEADLINE, T0.plusSeconds(5)))
                .isEqualTo(new InstallPlan.Fail("phase1", "helm-install", "helm install failed: cert-manager: BackoffLimitExceeded"));
    }

    @Test
    void atTheDeadlineTheFirstMissingThingNamesTheStep() {
        Instant late = DEADLINE;
        assertThat(InstallPlan.phase1(progress(List.of(), List.of("helm-install-cert-manager"), List.of("a/b"), List.of("c")), T0,
                DEADLINE, late)).isEqualTo(new InstallPlan.Fail("phase1", "helm-install",
                "helm-install Jobs not complete after 3 minutes: helm-install-cert-manager"));
        assertThat(((InstallPlan.Fail) InstallPlan.phase1(progress(List.of(), List.of(), List.of("cert-manager/cert-manager-webhook"),
                List.of()), T0, DEADLINE, late)).step()).isEqualTo("deployments");
        assertThat(InstallPlan.phase1(progress(List.of(), List.of(), List.of(), List.of("clusterissuers.cert-manager.io")), T0,
                DEADLINE, late)).isEqualTo(new InstallPlan.Fail("phase1", "crds",
                "CRDs not established after 3 minutes: clusterissuers.cert-manager.io"));
        assertThat(((InstallPlan.Fail) InstallPlan.phase1(Phase1Progress.unreachable("ConnectException"), T0, DEADLINE, late))
                .step()).isEqualTo("workload-api");
        assertThat(InstallPlan.phase1(Phase1Progress.unreachable("ConnectException"), T0, DEADLINE, T0.plusSeconds(1)))
                .as("an API server that is briefly away is waited for").isInstanceOf(InstallPlan.Wait.class);
    }

    @Test
    void theDnsCheckEndsWhenTheNameResolvesToTheVipAndAMissIsAWarningUnlessStrict() {
        Instant end = T0.plus(Duration.ofMinutes(5));
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of(VIP)), NAME, VIP, "192.168.1.3:53", T0, end, T0.plusSeconds(2), false))
                .isEqualTo(new InstallPlan.Installed(List.of()));
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of("192.168.1.150")), NAME, VIP, "r", T0, end, T0.plusSeconds(2), false))
                .as("another address is not the cluster").isInstanceOf(InstallPlan.Wait.class);
        InstallPlan.Outcome miss = InstallPlan.dnsCheck(DnsAnswer.failed("SocketTimeoutException"), NAME, VIP, "192.168.1.3:53",
                T0, end, end, false);
        assertThat(miss).isInstanceOf(InstallPlan.Installed.class);
        assertThat(((InstallPlan.Installed) miss).warnings()).singleElement().asString()
                .isEqualTo("dns: " + NAME + " did not resolve to " + VIP + " at 192.168.1.3:53 within 5 minutes"
                        + " (last answer: no answer (SocketTimeoutException))");
        assertThat(InstallPlan.dnsCheck(DnsAnswer.of(List.of()), NAME, VIP, "r", T0, end, end, true))
                .isInstanceOf(InstallPlan.Fail.class).extracting(o -> ((InstallPlan.Fail) o).step()).isEqualTo("dns-check");
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

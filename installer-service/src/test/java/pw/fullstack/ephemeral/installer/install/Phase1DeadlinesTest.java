package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pw.fullstack.ephemeral.installer.InvalidInstallerSettingsException;

/** Phase 1's deadlines follow from the helm settings, and a configuration that would give up on helm first is refused. */
class Phase1DeadlinesTest {

    @Test
    void aHelmInstallMayTakeAPodsStartEveryAttemptAtHelmsTimeoutAndTheJobsBackOffBetweenThem() {
        Phase1Deadlines defaults = Phase1Deadlines.of(3, "5m0s", Duration.ofMinutes(3), Duration.ofMinutes(35));
        // 3 min to start the pod (klipper-helm pulled cold) + 4 attempts x 5 min + 10 s + 20 s + 40 s of back-off
        assertThat(defaults.helmInstall()).isEqualTo(Duration.ofMinutes(24).plusSeconds(10));
        assertThat(defaults.helmInstall()).as("more than one helm-controller install's own timeout")
                .isGreaterThan(Duration.ofMinutes(5));
        assertThat(defaults.eachWait()).isEqualTo(Duration.ofMinutes(3));
        assertThat(Phase1Deadlines.helmInstall(12, Duration.ofSeconds(1), Duration.ZERO))
                .as("the Job's back-off doubles up to 6 minutes")
                .isEqualTo(Duration.ofSeconds(13 + 10 + 20 + 40 + 80 + 160 + 320).plus(Duration.ofMinutes(6).multipliedBy(6)));
    }

    @Test
    void aPhaseDeadlineShorterThanAHelmInstallAndAWaitStopsTheStartNamingTheSettings() {
        assertThatThrownBy(() -> Phase1Deadlines.of(3, "5m0s", Duration.ofMinutes(3), Duration.ofMinutes(3)))
                .isInstanceOf(InvalidInstallerSettingsException.class)
                .hasMessageContaining("installer.phase1-timeout (3 minutes) is shorter than")
                .hasMessageContaining("27 minutes 10 seconds").hasMessageContaining("4 attempts of 5m0s");
        assertThat(Phase1Deadlines.of(3, "5m0s", Duration.ofMinutes(3), Duration.ofMinutes(27).plusSeconds(10)).overall())
                .isEqualTo(Duration.ofMinutes(27).plusSeconds(10));
        assertThat(Phase1Deadlines.of(1, "1m", Duration.ofMinutes(1), Duration.ofMinutes(5)).helmInstall())
                .as("fewer retries and a shorter helm timeout need less").isEqualTo(Duration.ofMinutes(3).plusSeconds(10));
    }

    @Test
    void aWaitOrHelmTimeoutThatIsNoDurationStopsTheStart() {
        assertThatThrownBy(() -> Phase1Deadlines.of(3, "5m0s", Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("installer.wait-timeout must be a positive duration");
        assertThatThrownBy(() -> Phase1Deadlines.of(3, "soon", Duration.ofMinutes(3), Duration.ofHours(1)))
                .hasMessageContaining("installer.phase1.helm-timeout must be a positive Go duration");
    }

    @ParameterizedTest
    @CsvSource({"5m0s,300", "300s,300", "1h,3600", "1m30s,90", "1500ms,1", "0s,0", "5m0,0", "m5,0", "5 m,0", "'',0"})
    void helmsTimeoutIsReadAsAGoDuration(String text, long seconds) {
        assertThat(Phase1Deadlines.goDuration(text).toSeconds()).isEqualTo(seconds);
    }
}

package pw.fullstack.ephemeral.reaper.expiry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiryPolicyTest {

    @Test
    void zeroNegativeAndMissingDurationsAreRefusedNamingEachSetting() {
        assertThatThrownBy(() -> ExpiryPolicy.of(Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(-1), null,
                Duration.ofDays(7)))
                .isInstanceOf(InvalidReaperSettingsException.class)
                .hasMessage("reaper.grace-period must be a positive duration, was PT0S; "
                        + "reaper.max-lifetime must be a positive duration, was PT-1H; reaper.orphan-settle-time is missing");
    }
}

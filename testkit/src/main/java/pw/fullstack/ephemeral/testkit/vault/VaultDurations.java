package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import pw.fullstack.ephemeral.testkit.schema.GoDurations;

/** Vault's duration parameters: whole seconds as a number or string, or Go-style "72h", "1h30m", "10s", "2d". */
final class VaultDurations {

    private VaultDurations() {
    }

    static Duration parse(String parameter, Object value) {
        if (value == null || value.toString().isEmpty()) {
            return Duration.ZERO;
        }
        if (value instanceof Number number) {
            return Duration.ofSeconds(number.longValue());
        }
        String text = value.toString().trim();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        return GoDurations.parse(text, true).orElseThrow(() ->
                VaultRequestRejected.badRequest("error parsing " + parameter + ": invalid duration \"" + text + "\""));
    }
}

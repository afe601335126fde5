package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Vault's duration parameters: whole seconds as a number or string, or Go-style "72h", "1h30m", "10s", "2d". */
final class VaultDurations {

    private static final Pattern PART = Pattern.compile("(\\d+)(d|h|m|s)");

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
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
            end = part.end();
        }
        if (end == 0 || end != text.length()) {
            throw VaultRequestRejected.badRequest("error parsing " + parameter + ": invalid duration \"" + text + "\"");
        }
        return total;
    }
}

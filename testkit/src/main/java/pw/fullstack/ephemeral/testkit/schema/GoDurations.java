package pw.fullstack.ephemeral.testkit.schema;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Go's {@code time.ParseDuration} form, as custom resources' duration fields (cert-manager's
 * {@code spec.duration: 2160h}) and Vault's parameters ({@code 1h30m}) take them: whole numbers with
 * {@code h}, {@code m}, {@code s}; Vault also takes {@code d}.
 */
public final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+)(d|h|m|s)");

    private GoDurations() {
    }

    /** @param days whether {@code d} is a unit (Vault's, not Go's) */
    public static Optional<Duration> parse(String text, boolean days) {
        Matcher part = PART.matcher(text == null ? "" : text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end && (days || !part.group(2).equals("d"))) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
            end = part.end();
        }
        return end == 0 || end != text.length() ? Optional.empty() : Optional.of(total);
    }
}

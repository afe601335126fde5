package pw.fullstack.ephemeral.notifier.comment;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/**
 * Renders a PR's comment from its stored state: a headline with the state, the environment link, a
 * table of phases with times and durations, when the environment goes away, the failure reason
 * (redacted, one line, inert), and the hidden marker and state. Deterministic: the same state gives
 * the same body. Text from events is rendered only through {@link InertMarkdown}; links are built
 * only from validated host names ({@link EnvironmentLink}).
 */
public final class CommentRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Duration gracePeriod;
    private final Duration maxLifetime;
    private final int maxReasonLength;

    private final StateSeal seal;

    public CommentRenderer(Duration gracePeriod, Duration maxLifetime, int maxReasonLength, StateSeal seal) {
        this.seal = seal;
        this.gracePeriod = gracePeriod;
        this.maxLifetime = maxLifetime;
        this.maxReasonLength = maxReasonLength;
    }

    public String render(StoredState state) {
        PrTimeline t = state.timeline();
        StringBuilder out = new StringBuilder();
        out.append(CommentMarker.marker(t.clusterName(), SafeId.of(t.runId()))).append('\n');
        out.append("### ").append(headline(t)).append("\n\n");
        Optional<java.net.URI> link = EnvironmentLink.of(t);
        if (link.isPresent() && !t.destroyed()) {
            out.append("**Environment:** [").append(link.get().getHost()).append("](").append(link.get()).append(")\n\n");
        }
        out.append("| Phase | When | Took |\n| --- | --- | --- |\n");
        Instant previous = null;
        for (Row row : rows(t)) {
            String took = previous == null || row.at() == null ? "" : duration(Duration.between(previous, row.at()));
            out.append("| ").append(row.label()).append(" | ").append(row.at() == null ? "" : TIME.format(row.at()))
                    .append(" | ").append(took).append(" |\n");
            if (row.at() != null && row.countsForDuration()) {
                previous = row.at();
            }
        }
        out.append('\n');
        if (t.failed()) {
            out.append("**Failed** (").append(InertMarkdown.code(t.failedStep(), 40)).append("): ")
                    .append(InertMarkdown.code(SecretRedactor.redact(firstLine(t.failureReason())), maxReasonLength))
                    .append("\n\n");
        }
        expiry(t).ifPresent(line -> out.append(line).append("\n\n"));
        if (t.kubeconfig() != null && !t.destroyed()) {
            out.append("Kubeconfig: in Vault at ")
                    .append(InertMarkdown.code(t.kubeconfig().mount() + "/" + t.kubeconfig().path(), 200))
                    .append(" (field ").append(InertMarkdown.code(t.kubeconfig().field(), 40)).append(")\n\n");
        }
        if (state.effects().deploymentError() != null) {
            out.append("GitHub deployment not updated: ")
                    .append(InertMarkdown.code(SecretRedactor.redact(state.effects().deploymentError()), 200)).append("\n\n");
        }
        out.append("<sub>branch ").append(InertMarkdown.code(t.branch(), 255))
                .append(" · commit ").append(InertMarkdown.code(t.headSha() == null ? "" : t.headSha().substring(0, Math.min(12, t.headSha().length())), 12))
                .append(" · cluster ").append(InertMarkdown.code(t.clusterName(), 63))
                .append(" · run ").append(InertMarkdown.code(SafeId.shortForm(t.runId()), 20))
                .append("</sub>\n");
        out.append(seal.line(state)).append('\n');
        return out.toString();
    }

    public static String headline(PrTimeline t) {
        if (t.destroyed()) {
            return "🗑️ Ephemeral environment destroyed";
        }
        if (t.failed()) {
            return pw.fullstack.ephemeral.notifier.timeline.Timeline.REFUSED_STEP.equals(t.failedStep())
                    ? "⛔ No ephemeral environment: a limit is reached" : "❌ Ephemeral environment failed";
        }
        if (t.closed() && t.allocatedAt() == null) {
            return "⚪ PR closed before an environment was allocated";
        }
        if (t.expiredAt() != null) {
            return "⏳ Ephemeral environment expired, being destroyed";
        }
        if (t.installed()) {
            return t.closed() ? "✅ Ephemeral environment ready (PR closed, going away)" : "✅ Ephemeral environment ready";
        }
        if (t.readyAt() != null) {
            return "🔧 Cluster ready, installing operators";
        }
        if (t.allocatedAt() != null) {
            return "🏗️ Provisioning the cluster";
        }
        if (t.queuedAt() != null) {
            return "🕒 Waiting for a free cluster slot (position " + t.queuePosition() + ")";
        }
        return "🕒 Environment requested";
    }

    /** {@code countsForDuration}: the next row's "Took" counts from this one (the queue row does not: allocation counts from the request). */
    private record Row(String label, Instant at, boolean countsForDuration) {
    }

    private static List<Row> rows(PrTimeline t) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Requested", t.openedAt(), true));
        if (t.queuedAt() != null) {
            rows.add(new Row("Queued (position " + t.queuePosition() + ", pool of " + t.poolCapacity() + ")", t.queuedAt(), false));
        }
        rows.add(new Row("Addresses allocated", t.allocatedAt(), true));
        rows.add(new Row("Cluster ready", t.readyAt(), true));
        rows.add(new Row("Phases installed", t.installedAt(), true));
        if (t.failed()) {
            rows.add(new Row("Failed", t.failedAt(), true));
        }
        if (t.closed()) {
            rows.add(new Row(Boolean.TRUE.equals(t.merged()) ? "PR merged" : "PR closed", t.closedAt(), true));
        }
        if (t.expiredAt() != null) {
            rows.add(new Row("Expired (" + expiryWords(t.expiryReason()) + ")", t.expiredAt(), true));
        }
        rows.add(new Row("Destroyed", t.destroyedAt(), true));
        return rows;
    }

    private Optional<String> expiry(PrTimeline t) {
        if (t.destroyed() || t.expiredAt() != null || t.allocatedAt() == null) {
            return Optional.empty();
        }
        Instant latest = t.allocatedAt().plus(maxLifetime);
        if (t.closed()) {
            Instant afterGrace = t.closedAt().plus(gracePeriod);
            Instant when = afterGrace.isBefore(latest) ? afterGrace : latest;
            return Optional.of("**Goes away** around " + TIME.format(when) + " (" + duration(gracePeriod)
                    + " after the PR closed).");
        }
        return Optional.of("**Goes away** " + duration(gracePeriod) + " after the PR closes, and at the latest around "
                + TIME.format(latest) + " (maximum lifetime " + duration(maxLifetime) + ").");
    }

    private static String expiryWords(String reason) {
        if (reason == null) {
            return "expired";
        }
        return switch (reason) {
            case "grace-period-elapsed" -> "grace period after close elapsed";
            case "max-lifetime-reached" -> "maximum lifetime reached";
            case "orphan" -> "no longer accounted for";
            default -> "expired";
        };
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    static String duration(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        if (seconds < 86_400) {
            return (seconds / 3600) + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
        }
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        return days + (days == 1 ? " day" : " days") + (hours == 0 ? "" : " " + hours + " h");
    }
}

package pw.fullstack.ephemeral.sandbox.board;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/** Renders the board and the event stream as text a person reads at a glance. */
public final class BoardView {

    private static final String FORMAT = "%-32s %-20s %-10s %-31s %7s  %s";

    private BoardView() {
    }

    public static List<String> render(List<PrRow> rows) {
        return render(rows, pr -> java.util.Optional.empty());
    }

    /** With a last column linking each PR's comment, as GitHub shows it (a file path). */
    public static List<String> render(List<PrRow> rows,
                                      java.util.function.Function<pw.fullstack.ephemeral.contracts.pr.PullRequestRef,
                                              java.util.Optional<String>> commentLink) {
        var lines = new java.util.ArrayList<String>();
        lines.add(String.format(FORMAT, "PR", "CLUSTER", "STATE", "ADDRESSES", "ELAPSED", "DETAIL"));
        for (PrRow row : rows) {
            String state = row.stage() == Stage.QUEUED ? "QUEUED #" + row.queuePosition() : row.stage().name();
            if (row.closed() && !row.stage().finished()) {
                state = state + "*";
            }
            String detail = commentLink.apply(row.pullRequest()).map(link -> row.detail().isEmpty() ? "comment: " + link
                    : row.detail() + "  comment: " + link).orElse(row.detail());
            lines.add(String.format(FORMAT, clip(row.pullRequest().toString(), 32), clip(row.clusterName().value(), 20), state,
                    clip(row.addresses().stream().map(Object::toString).collect(Collectors.joining(",")), 31),
                    seconds(row.elapsed()), detail));
        }
        return lines;
    }

    public static String eventLine(EventEnvelope<LifecycleEvent> envelope) {
        return String.format("%s %-18s %-20s from %-28s id=%s cause=%s", envelope.time().toLocalTime(),
                envelope.type().eventName(), envelope.subject(), envelope.source(), shortId(envelope.id()),
                envelope.causationId() == null ? "-" : shortId(envelope.causationId()));
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String seconds(Duration elapsed) {
        return String.format("%.1fs", elapsed.toMillis() / 1000.0);
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}

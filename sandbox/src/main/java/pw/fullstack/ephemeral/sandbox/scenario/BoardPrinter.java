package pw.fullstack.ephemeral.sandbox.scenario;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pw.fullstack.ephemeral.sandbox.board.BoardView;
import pw.fullstack.ephemeral.sandbox.kafka.LifecycleWatch;

/** Prints the board whenever it changes (checked twice a second), and optionally every event. */
public final class BoardPrinter implements AutoCloseable {

    private final LifecycleWatch watch;
    private final PrintStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "board-printer");
        thread.setDaemon(true);
        return thread;
    });
    private List<String> lastShown = List.of();
    private final java.util.function.Function<pw.fullstack.ephemeral.contracts.pr.PullRequestRef, java.util.Optional<String>> commentLink;

    public BoardPrinter(LifecycleWatch watch, PrintStream out, boolean events) {
        this(watch, out, events, pr -> java.util.Optional.empty());
    }

    /** {@code commentLink}: where each PR's comment can be read, once the notifier wrote it. */
    public BoardPrinter(LifecycleWatch watch, PrintStream out, boolean events,
                        java.util.function.Function<pw.fullstack.ephemeral.contracts.pr.PullRequestRef, java.util.Optional<String>> commentLink) {
        this.watch = watch;
        this.out = out;
        this.commentLink = commentLink;
        if (events) {
            watch.onEvent(envelope -> out.println("  event  " + BoardView.eventLine(envelope)));
        }
    }

    public BoardPrinter start() {
        timer.scheduleWithFixedDelay(this::printIfChanged, 500, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    public synchronized void printIfChanged() {
        List<String> lines = watch.read(board -> BoardView.render(board.rows(), commentLink));
        if (lines.size() > 1 && !lines.equals(lastShown)) {
            out.println();
            lines.forEach(out::println);
            lastShown = lines;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        printIfChanged();
    }
}

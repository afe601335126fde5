package pw.fullstack.ephemeral.notifier.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Serialises the GitHub writes of one rate-limit budget (an App installation, or the token) on one
 * thread: PRs with pending updates are written one after another, a rate limit pauses the whole lane
 * until GitHub's time, a failing PR is retried after its own backoff while the others go on. Nothing
 * here blocks a Kafka consumer; every wait is a scheduled wake-up, never a sleep.
 */
final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class);

    /** What processing a PR asks of the lane. */
    sealed interface Result {
        record Done() implements Result {
        }

        /** Try this PR again after {@code delay}; the others go on. */
        record RetryAfter(Duration delay) implements Result {
        }

        /** The lane's budget is spent or GitHub asked to slow down: nobody in the lane writes before {@code until}. */
        record PauseUntil(Instant until) implements Result {
        }
    }

    static final Result DONE = new Result.Done();

    private final String name;
    private final Function<String, Result> process;
    private final java.util.function.Supplier<Instant> budgetPause;
    private final ScheduledExecutorService thread;
    // Touched only on the lane's thread.
    private final Deque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new LinkedHashSet<>();
    private Instant pausedUntil = Instant.MIN;
    private boolean wakeUpScheduled;

    Lane(String name, Function<String, Result> process, java.util.function.Supplier<Instant> budgetPause) {
        this.name = name;
        this.process = process;
        this.budgetPause = budgetPause;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "github-lane-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /** The PR has something new to write. */
    void wake(String key) {
        execute(() -> {
            enqueue(key);
            drain();
        });
    }

    void shutdown() {
        thread.shutdownNow();
    }

    private void enqueue(String key) {
        if (queued.add(key)) {
            queue.addLast(key);
        }
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Instant pause = pausedUntil.isAfter(budgetPause.get()) ? pausedUntil : budgetPause.get();
            Instant now = Instant.now();
            if (pause.isAfter(now)) {
                scheduleDrain(Duration.between(now, pause));
                return;
            }
            String key = queue.pollFirst();
            queued.remove(key);
            Result result;
            try {
                result = process.apply(key);
            } catch (RuntimeException e) {
                LOG.errorf(e, "lane %s: processing %s failed unexpectedly; retrying in a minute", name, key);
                result = new Result.RetryAfter(Duration.ofMinutes(1));
            }
            if (result instanceof Result.PauseUntil p) {
                pausedUntil = p.until();
                enqueueFirst(key);
            } else if (result instanceof Result.RetryAfter r) {
                schedule(() -> {
                    enqueue(key);
                    drain();
                }, r.delay());
            }
        }
    }

    private void enqueueFirst(String key) {
        if (queued.add(key)) {
            queue.addFirst(key);
        }
    }

    private void scheduleDrain(Duration delay) {
        if (wakeUpScheduled) {
            return;
        }
        wakeUpScheduled = true;
        schedule(() -> {
            wakeUpScheduled = false;
            drain();
        }, delay);
    }

    private void schedule(Runnable task, Duration delay) {
        if (!thread.isShutdown()) {
            thread.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void execute(Runnable task) {
        if (!thread.isShutdown()) {
            thread.execute(task);
        }
    }
}

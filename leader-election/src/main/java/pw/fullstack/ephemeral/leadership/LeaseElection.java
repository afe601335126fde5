package pw.fullstack.ephemeral.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One replica's part in the election of its service's leader, on a {@code coordination.k8s.io/v1} Lease with
 * fabric8's {@code LeaderElector}. The replica stands for the lease until it is closed: after losing it (a
 * renewal that failed until the renew deadline, or another holder seen) it stands again as a follower, so a
 * replica whose API server blinked comes back as a candidate instead of staying idle or exiting.
 *
 * <p>{@link Listener#acquired()} and {@link Listener#lost()} are called in order on one thread of their own, so a
 * slow start of the loops never delays a renewal. {@link #leads()} turns false before {@code lost()} is called:
 * a loop that checks it stops acting at once.
 */
public final class LeaseElection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /** What a replica does when it becomes the leader and when it stops being it. */
    public interface Listener {
        void acquired();

        void lost();
    }

    private final KubernetesClient client;
    private final Candidate candidate;
    private final Listener listener;
    private final boolean releaseOnClose;
    private final ScheduledExecutorService elector;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService notifications;
    private final AtomicBoolean leading = new AtomicBoolean();
    /**
     * Which standing the callbacks belong to. A superseded election (cancelled by the watchdog) may still call
     * back late, from its own threads, after this replica stood again and leads: its "stopped leading" must not
     * take the new leadership away (the replica would renew the lease and act on nothing until restarted).
     */
    private volatile long generation;
    private volatile String holder;
    private volatile boolean closed;
    private CompletableFuture<?> standing;
    private RenewalRecordingLock lock;

    /**
     * @param releaseOnClose whether {@link #close()} gives the lease back at once (a graceful shutdown, so the
     *                       follower takes over without waiting for it to expire); false only for tests that play
     *                       a replica killed with {@code kill -9}
     */
    public LeaseElection(KubernetesClient client, Candidate candidate, Listener listener, boolean releaseOnClose) {
        this.client = client;
        this.candidate = candidate;
        this.listener = listener;
        this.releaseOnClose = releaseOnClose;
        this.elector = Executors.newSingleThreadScheduledExecutor(daemon("leader-election-" + candidate.service()));
        this.notifications = Executors.newSingleThreadExecutor(daemon("leadership-" + candidate.service()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("leadership-watchdog-" + candidate.service()));
    }

    /**
     * A client for the election only, from the service's: no retries, and each call bounded by a quarter of the
     * renew deadline. fabric8 retries a failing call with exponential back-off for minutes by default, during which
     * the elector would neither renew nor notice its renew deadline.
     */
    public static KubernetesClient electionClient(KubernetesClient service, Candidate candidate) {
        int timeout = (int) Math.max(1000, candidate.renewDeadline().toMillis() / 4);
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(service.getConfiguration())
                        .withRequestRetryBackoffLimit(0)
                        .withRequestTimeout(timeout)
                        .withConnectionTimeout(timeout)
                        .build()).build();
    }

    public LeaseElection(KubernetesClient client, Candidate candidate, Listener listener) {
        this(client, candidate, listener, true);
    }

    public Candidate candidate() {
        return candidate;
    }

    /** Whether this replica holds the lease now. */
    public boolean leads() {
        return leading.get();
    }

    /** The identity this replica last saw holding the lease. */
    public Optional<String> holder() {
        return Optional.ofNullable(holder);
    }

    public synchronized void start() {
        if (closed || standing != null) {
            return;
        }
        long every = Math.max(50, candidate.retryPeriod().toMillis() / 2);
        watchdog.scheduleWithFixedDelay(this::stepDownIfNotRenewed, every, every, TimeUnit.MILLISECONDS);
        stand();
    }

    private synchronized void stand() {
        if (closed) {
            return;
        }
        LOG.infof("%s stands for the lease %s", candidate.identity(), candidate.lease());
        lock = new RenewalRecordingLock(candidate);
        long current = ++generation;
        var config = new LeaderElectionConfigBuilder()
                .withName(candidate.leaseName())
                .withLock(lock)
                .withLeaseDuration(candidate.leaseDuration())
                .withRenewDeadline(candidate.renewDeadline())
                .withRetryPeriod(candidate.retryPeriod())
                .withReleaseOnCancel(releaseOnClose)
                .withLeaderCallbacks(callbacksOf(current))
                .build();
        CompletableFuture<?> election = new LeaderElectorBuilder(client, elector).withConfig(config).build().start();
        standing = election;
        election.whenComplete((ignored, failure) -> {
            stoppedLeading(current);
            if (failure != null && !(failure instanceof java.util.concurrent.CancellationException)) {
                LOG.warnf("the election for %s ended: %s", candidate.lease(), failure.toString());
            }
            if (!closed) {
                // Lost it (renew deadline passed, or another holder): stand again as a follower.
                try {
                    elector.schedule(this::stand, candidate.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // closed meanwhile
                }
            }
        });
    }

    /**
     * The elector checks its renew deadline only between calls; a call that hangs would keep this replica acting
     * past it. So: no renewal for the renew deadline, and this replica stops leading now, and stands again.
     */
    private void stepDownIfNotRenewed() {
        RenewalRecordingLock current = lock;
        if (!leading.get() || current == null) {
            return;
        }
        long since = System.nanoTime() - current.lastHeldWrite();
        if (since > candidate.renewDeadline().toNanos()) {
            LOG.warnf("%s has not renewed the lease %s for %d ms (renew deadline %s)", candidate.identity(),
                    candidate.lease(), since / 1_000_000, candidate.renewDeadline());
            stoppedLeading();
            CompletableFuture<?> election;
            synchronized (this) {
                election = standing;
            }
            if (election != null) {
                // Off this thread: cancelling waits for the hung call to give the lease back.
                CompletableFuture.runAsync(() -> election.cancel(true));
            }
        }
    }

    /** The elector's callbacks for one standing: once superseded, they change nothing. */
    LeaderCallbacks callbacksOf(long standing) {
        return new LeaderCallbacks(() -> becameLeader(standing), () -> stoppedLeading(standing), this::sawLeader);
    }

    /** The current standing's number (the first is 1). */
    long standing() {
        return generation;
    }

    private void becameLeader(long of) {
        if (of != generation) {
            LOG.infof("%s: a superseded election of %s reported leading; ignored", candidate.identity(), candidate.lease());
            return;
        }
        if (!closed && leading.compareAndSet(false, true)) {
            LOG.infof("%s leads %s (lease %s)", candidate.identity(), candidate.service(), candidate.lease());
            notifications.execute(listener::acquired);
        }
    }

    private void stoppedLeading(long of) {
        if (of != generation) {
            LOG.infof("%s: a superseded election of %s reported it stopped leading; ignored", candidate.identity(),
                    candidate.lease());
            return;
        }
        stoppedLeading();
    }

    private void stoppedLeading() {
        if (leading.compareAndSet(true, false)) {
            LOG.warnf("%s no longer leads %s (lease %s): its loops stop", candidate.identity(), candidate.service(),
                    candidate.lease());
            notifications.execute(listener::lost);
        }
    }

    private void sawLeader(String identity) {
        holder = identity;
        LOG.infof("%s: the lease %s is held by %s", candidate.identity(), candidate.lease(), identity);
    }

    /** Stops standing; gives the lease back if it holds it (unless built not to), after its loops were told to stop. */
    @Override
    public void close() {
        CompletableFuture<?> election;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            election = standing;
        }
        stoppedLeading();
        if (election != null) {
            election.cancel(true);
        }
        watchdog.shutdownNow();
        elector.shutdownNow();
        notifications.shutdown();
        try {
            notifications.awaitTermination(candidate.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

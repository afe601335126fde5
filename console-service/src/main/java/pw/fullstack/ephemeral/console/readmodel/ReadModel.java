package pw.fullstack.ephemeral.console.readmodel;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * The lifecycle topic and the dead-letter topics folded into what the console shows. A PR's environment follows its
 * latest saga run by {@link SagaRun}'s order (GitHub's openedAt, then the run id), as every service decides it; a
 * PrClosed belongs to the PR and closes the run opened at or before it; events of other runs are kept in the PR's
 * timeline without moving its environment; a repeated event id is ignored. A run's state only moves forward (a
 * resent ClusterReady after PhasesInstalled does not make a READY environment INSTALLING again).
 *
 * <p>A PR's events share one partition, so the order they are applied in is the topic's, whichever way the
 * partitions interleave; dead letters are kept ordered by their own time and position. So the view is exactly what
 * a replay of the topics gives. Not thread-safe: one thread applies, readers take the snapshots it returns.
 */
public final class ReadModel {

    private final Map<String, Story> stories = new LinkedHashMap<>();
    private final Map<String, TreeSet<DeadLetter>> deadLetters = new HashMap<>();
    private final Set<String> seenIds = new HashSet<>();
    private final Set<String> seenDeadLetters = new HashSet<>();
    private Instant lastEventAt;
    private long duplicates;

    private static final Comparator<DeadLetter> DEAD_LETTER_ORDER = Comparator.comparing(DeadLetter::time)
            .thenComparing(DeadLetter::topic).thenComparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset);

    /** @return whether the view changed (false for a repeated event id) */
    public boolean apply(EventEnvelope<LifecycleEvent> envelope) {
        if (!seenIds.add(envelope.id())) {
            duplicates++;
            return false;
        }
        Instant at = envelope.time().toInstant();
        if (lastEventAt == null || at.isAfter(lastEventAt)) {
            lastEventAt = at;
        }
        stories.computeIfAbsent(envelope.subject(), cluster -> new Story(envelope.data().pullRequest(), cluster))
                .apply(envelope, at);
        return true;
    }

    /** @return whether the view changed (false for a record already seen) */
    public boolean apply(DeadLetter deadLetter) {
        if (deadLetter.cluster() == null
                || !seenDeadLetters.add(deadLetter.topic() + "/" + deadLetter.partition() + "/" + deadLetter.offset())) {
            return false;
        }
        deadLetters.computeIfAbsent(deadLetter.cluster(), c -> new TreeSet<>(DEAD_LETTER_ORDER)).add(deadLetter);
        return true;
    }

    /** Every PR's environment, most recently opened first. */
    public List<Environment> environments() {
        return stories.values().stream().filter(s -> s.row != null).map(this::environment)
                .sorted(Comparator.comparing(Environment::openedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(Environment::cluster))
                .toList();
    }

    public Optional<Environment> environment(String cluster) {
        Story story = stories.get(cluster);
        return story == null || story.row == null ? Optional.empty() : Optional.of(environment(story));
    }

    /** The PR's story: its runs, newest first, and the dead-lettered records about it. */
    public Optional<Timeline> timeline(String cluster) {
        Story story = stories.get(cluster);
        if (story == null) {
            return Optional.empty();
        }
        return Optional.of(new Timeline(story.pullRequest, cluster, story.runs(), List.copyOf(deadLettersOf(cluster))));
    }

    /** The time of the newest event on the topic, null before the first. */
    public Instant lastEventAt() {
        return lastEventAt;
    }

    /** Distinct events applied. */
    public int events() {
        return seenIds.size();
    }

    public long duplicates() {
        return duplicates;
    }

    private Environment environment(Story story) {
        Row row = story.row;
        return new Environment(story.pullRequest, story.cluster, row.runId, row.state, row.addresses, row.openedAt,
                row.lastEventAt, row.lastEventType, row.queuePosition, row.dnsName, row.environmentUrl, row.closed,
                row.closedAt, row.expiry, row.expiryDeadline, row.failure, story.runIds().size(),
                deadLettersOf(story.cluster).size());
    }

    private TreeSet<DeadLetter> deadLettersOf(String cluster) {
        return deadLetters.getOrDefault(cluster, new TreeSet<>(DEAD_LETTER_ORDER));
    }

    /** One PR (one cluster name): its runs and its latest run's row. */
    private static final class Story {

        final PullRequestRef pullRequest;
        final String cluster;
        final List<TimelineEntry> entries = new ArrayList<>();
        final Map<String, TimelineEntry> byId = new HashMap<>();
        final Map<String, SagaRun> runs = new HashMap<>();
        SagaRun latest;
        Row row;

        Story(PullRequestRef pullRequest, String cluster) {
            this.pullRequest = pullRequest;
            this.cluster = cluster;
        }

        void apply(EventEnvelope<LifecycleEvent> envelope, Instant at) {
            LifecycleEvent event = envelope.data();
            String runId = envelope.correlationId();
            if (event instanceof PrOpened opened) {
                SagaRun run = new SagaRun(runId, opened.openedAt());
                runs.put(runId, run);
                if (row == null || run.supersedes(latest)) {
                    latest = run;
                    row = new Row(runId, opened.openedAt());
                }
            } else if (event instanceof PrClosed closed) {
                runId = runClosedBy(closed).map(SagaRun::id).orElse(runId);
                if (latest != null && latest.endedByCloseAt(closed.closedAt())) {
                    row.closed = true;
                    row.closedAt = closed.closedAt();
                }
            } else if (row == null) {
                // Its PrOpened is no longer on the topic (retention): the run is known by its events only.
                row = new Row(runId, null);
            }
            TimelineEntry cause = envelope.causationId() == null ? null : byId.get(envelope.causationId());
            TimelineEntry entry = new TimelineEntry(envelope.id(), envelope.type().eventName(), at,
                    serviceOf(envelope.source()), runId, cause == null ? null : cause.type(),
                    cause == null ? null : Duration.between(cause.time(), at), EventDetails.of(event),
                    EventDetails.failure(event));
            entries.add(entry);
            byId.put(entry.id(), entry);
            if (row.runId.equals(runId)) {
                row.lastEventAt = at;
                row.lastEventType = entry.type();
                if (!(event instanceof PrOpened || event instanceof PrClosed)) {
                    row.advance(event);
                }
            }
        }

        /** The latest run opened at or before the close. */
        private Optional<SagaRun> runClosedBy(PrClosed closed) {
            return runs.values().stream().filter(r -> r.endedByCloseAt(closed.closedAt())).max(Comparator.naturalOrder());
        }

        List<String> runIds() {
            List<String> ids = new ArrayList<>();
            entries.forEach(e -> {
                if (!ids.contains(e.runId())) {
                    ids.add(e.runId());
                }
            });
            return ids;
        }

        /** Newest first: runs with a PrOpened by their order, then those known by their events only, by first event. */
        List<Timeline.Run> runs() {
            Map<String, List<TimelineEntry>> byRun = new LinkedHashMap<>();
            entries.forEach(e -> byRun.computeIfAbsent(e.runId(), id -> new ArrayList<>()).add(e));
            TreeMap<SagaRun, Timeline.Run> ordered = new TreeMap<>(Comparator.reverseOrder());
            List<Timeline.Run> unknown = new ArrayList<>();
            byRun.forEach((id, list) -> {
                SagaRun run = runs.get(id);
                boolean latestRun = row != null && row.runId.equals(id);
                if (run != null) {
                    ordered.put(run, new Timeline.Run(id, run.openedAt(), latestRun, list));
                } else {
                    unknown.add(0, new Timeline.Run(id, null, latestRun, list));
                }
            });
            List<Timeline.Run> all = new ArrayList<>(ordered.values());
            all.addAll(unknown);
            return all;
        }

        private static String serviceOf(URI source) {
            String path = source.getPath() == null ? source.toString() : source.getPath();
            int slash = path.lastIndexOf('/');
            return slash >= 0 ? path.substring(slash + 1) : path;
        }
    }

    /** The latest run's environment as it builds up. */
    private static final class Row {

        final String runId;
        final Instant openedAt;
        State state = State.OPENED;
        List<String> addresses = List.of();
        Instant lastEventAt;
        String lastEventType;
        int queuePosition;
        String dnsName;
        URI environmentUrl;
        boolean closed;
        Instant closedAt;
        String expiry;
        Instant expiryDeadline;
        String failure;

        Row(String runId, Instant openedAt) {
            this.runId = runId;
            this.openedAt = openedAt;
        }

        void advance(LifecycleEvent event) {
            if (event instanceof AllocationQueued queued) {
                if (moveTo(State.QUEUED)) {
                    queuePosition = queued.position();
                }
            } else if (event instanceof AllocationRefused) {
                if (moveTo(State.REFUSED)) {
                    failure = EventDetails.of(event);
                }
            } else if (event instanceof IpAllocated allocated) {
                if (moveTo(State.PROVISIONING)) {
                    addresses = addresses(allocated.addresses());
                    dnsName = allocated.dnsName();
                }
            } else if (event instanceof ClusterReady ready) {
                if (moveTo(State.INSTALLING)) {
                    addresses = addresses(ready.addresses());
                    dnsName = ready.dnsName();
                }
            } else if (event instanceof PhasesInstalled installed) {
                if (moveTo(State.READY)) {
                    environmentUrl = installed.environmentUrl();
                }
            } else if (event instanceof ProvisioningFailed || event instanceof InstallFailed) {
                if (moveTo(State.FAILED)) {
                    failure = EventDetails.of(event);
                }
            } else if (event instanceof ClusterExpired expired) {
                if (moveTo(State.EXPIRING)) {
                    expiry = expired.reason().wireName();
                    expiryDeadline = expired.deadline();
                }
            } else if (event instanceof ClusterDestroyed) {
                moveTo(State.DESTROYED);
            } else if (event instanceof IpReleased) {
                if (moveTo(State.RELEASED)) {
                    addresses = List.of();
                }
            }
        }

        private boolean moveTo(State next) {
            if (rank(next) < rank(state)) {
                return false;
            }
            if (next != State.QUEUED) {
                queuePosition = 0;
            }
            state = next;
            return true;
        }

        private static int rank(State state) {
            return switch (state) {
                case OPENED -> 0;
                case QUEUED, REFUSED -> 1;
                case PROVISIONING -> 2;
                case INSTALLING -> 3;
                case READY, FAILED -> 4;
                case EXPIRING -> 5;
                case DESTROYED -> 6;
                case RELEASED -> 7;
            };
        }

        private static List<String> addresses(List<Ipv4Address> addresses) {
            return addresses.stream().map(Ipv4Address::toString).toList();
        }
    }
}

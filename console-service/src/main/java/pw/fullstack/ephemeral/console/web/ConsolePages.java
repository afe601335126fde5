package pw.fullstack.ephemeral.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.console.ConsoleConfig;
import pw.fullstack.ephemeral.console.feed.FeedHealth;
import pw.fullstack.ephemeral.console.feed.LifecycleFeed;
import pw.fullstack.ephemeral.console.pool.Expiries;
import pw.fullstack.ephemeral.console.pool.OpsReading;
import pw.fullstack.ephemeral.console.pool.PoolView;
import pw.fullstack.ephemeral.console.pool.PoolWatch;
import pw.fullstack.ephemeral.console.readmodel.Durations;
import pw.fullstack.ephemeral.console.readmodel.Environment;
import pw.fullstack.ephemeral.console.readmodel.LiveReadModel;
import pw.fullstack.ephemeral.console.readmodel.Timeline;
import pw.fullstack.ephemeral.console.readmodel.TimelineEntry;

/**
 * The pages and the parts of them the server-sent events replace. A page is its parts, each rendered the one way, so
 * a part the page already shows is recognised by its hash and not sent again (a replaced table would lose the
 * keyboard focus of whoever is reading it).
 */
@ApplicationScoped
public class ConsolePages {

    @Inject
    @Location("console.html")
    Template console;

    @Inject
    @Location("timeline.html")
    Template timelinePage;

    @Inject
    @Location("parts/status.html")
    Template status;

    @Inject
    @Location("parts/environments.html")
    Template environments;

    @Inject
    @Location("parts/pool.html")
    Template pool;

    @Inject
    @Location("parts/timeline.html")
    Template timeline;

    @Inject
    LiveReadModel model;

    @Inject
    LifecycleFeed feed;

    @Inject
    PoolWatch poolWatch;

    @Inject
    ConsoleConfig config;

    /** A page part, its id (the element it fills) and the hash that names its content. */
    public record Part(String id, String html, String hash) {
    }

    public List<Part> overviewParts(Filter filter) {
        List<Environment> all = model.read(m -> m.environments());
        Instant lastEventAt = model.read(m -> m.lastEventAt());
        int events = model.read(m -> m.events());
        OpsReading<PoolView> poolReading = poolWatch.pool();
        OpsReading<Expiries> expiries = poolWatch.expiries();
        FeedHealth health = feed.health();
        List<EnvironmentRow> rows = all.stream().filter(filter::matches)
                .map(e -> row(e, poolReading, expiries)).toList();
        return List.of(
                part("status", status.data("health", health).data("ready", health.ready())
                        .data("lastEventAt", iso(lastEventAt)).data("events", events)
                        .data("expiriesError", expiries.error()).render()),
                part("environments", environments.data("rows", rows).data("filter", filter)
                        .data("total", all.size()).render()),
                part("pool", pool.data("pool", poolRows(poolReading)).render()));
    }

    public String overviewPage(Filter filter) {
        List<String> repositories = model.read(m -> m.environments()).stream().map(Environment::repository).distinct()
                .sorted().toList();
        return console.data("parts", byId(overviewParts(filter))).data("filter", filter)
                .data("repositories", repositories).data("states", Filter.states())
                .data("stalledAfterMs", config.stalledAfter().toMillis()).render();
    }

    public Optional<List<Part>> timelineParts(String cluster) {
        Optional<Timeline> story = model.read(m -> m.timeline(cluster));
        Optional<Environment> environment = model.read(m -> m.environment(cluster));
        if (story.isEmpty()) {
            return Optional.empty();
        }
        Timeline t = story.get();
        EnvironmentRow row = environment.map(e -> row(e, poolWatch.pool(), poolWatch.expiries())).orElse(null);
        return Optional.of(List.of(part("timeline", timeline.data("timeline", t).data("row", row)
                .data("runs", t.runs().stream().map(ConsolePages::run).toList())
                .data("deadLetters", t.deadLetters().stream().map(d -> new DeadLetterLine(iso(d.time()), d.service(),
                        d.eventType() == null ? "" : d.eventType(), d.eventId() == null ? "" : d.eventId(), d.reason())).toList())
                .render())));
    }

    public Optional<String> timelinePage(String cluster) {
        return timelineParts(cluster).map(parts -> timelinePage.data("parts", byId(parts)).data("cluster", cluster)
                .data("pr", model.read(m -> m.timeline(cluster)).map(t -> t.pullRequest().toString()).orElse(cluster))
                .data("stalledAfterMs", config.stalledAfter().toMillis()).render());
    }

    /** One run of the timeline page. */
    @io.quarkus.qute.TemplateData
    public record RunLines(String id, String shortId, String openedAt, boolean latest, List<EventLine> events) {
    }

    @io.quarkus.qute.TemplateData
    public record EventLine(String time, String type, String service, String cause, String afterCause, String sinceStart,
                            String detail, boolean failure) {
    }

    @io.quarkus.qute.TemplateData
    public record DeadLetterLine(String time, String service, String eventType, String eventId, String reason) {
    }

    private static RunLines run(Timeline.Run run) {
        Instant start = run.entries().isEmpty() ? null : run.entries().get(0).time();
        List<EventLine> lines = run.entries().stream().map(e -> line(e, start)).toList();
        return new RunLines(run.id(), run.id().length() > 8 ? run.id().substring(0, 8) : run.id(),
                iso(run.openedAt()), run.latest(), lines);
    }

    private static EventLine line(TimelineEntry entry, Instant start) {
        return new EventLine(iso(entry.time()), entry.type(), entry.service(), entry.cause() == null ? "" : entry.cause(),
                entry.afterCause() == null ? "" : Durations.words(entry.afterCause()),
                start == null ? "" : "+" + Durations.words(java.time.Duration.between(start, entry.time())),
                entry.detail(), entry.failure());
    }

    private EnvironmentRow row(Environment e, OpsReading<PoolView> poolReading, OpsReading<Expiries> expiries) {
        int position = e.queuePosition();
        if (poolReading.ok()) {
            position = poolReading.value().queue().stream().filter(q -> e.cluster().equals(q.cluster()))
                    .map(PoolView.Queued::position).findFirst().orElse(position);
        }
        String pr = e.pullRequest().toString();
        return new EnvironmentRow(pr, prUrl(e), timelineUrl(e.cluster()), e.repository(), e.cluster(), e.state().name(),
                e.state().resting(), String.join(", ", e.addresses()), iso(e.openedAt()), iso(e.lastEventAt()),
                e.lastEventType() == null ? "" : e.lastEventType(), expires(e, expiries),
                e.environmentUrl() == null ? "" : e.environmentUrl().toString(), e.closed(),
                e.failure() == null ? "" : e.failure(), position, e.runs(), e.deadLetters());
    }

    private String prUrl(Environment e) {
        String base = config.githubUrl().toString().replaceAll("/+$", "");
        return base + "/" + e.pullRequest().repository().owner() + "/" + e.pullRequest().repository().name() + "/pull/"
                + e.pullRequest().number();
    }

    static String timelineUrl(String cluster) {
        return "/timeline/" + cluster;
    }

    /** The reaper's verdict when it has a deadline for the cluster, else what its ClusterExpired said. */
    private static String expires(Environment e, OpsReading<Expiries> expiries) {
        if (expiries.ok()) {
            Optional<Expiries.Expiry> verdict = expiries.value().expiries().stream()
                    .filter(v -> e.cluster().equals(v.cluster()) && v.deadline() != null).findFirst();
            if (verdict.isPresent()) {
                Expiries.Expiry v = verdict.get();
                return shortTime(v.deadline()) + (v.reason() == null ? "" : " (" + v.reason() + ")")
                        + (v.keptUntil() == null ? "" : ", kept until " + shortTime(v.keptUntil()));
            }
        }
        if (e.expiry() != null) {
            return "expired " + iso(e.expiryDeadline()) + " (" + e.expiry() + ")";
        }
        return "";
    }

    private static PoolRows poolRows(OpsReading<PoolView> reading) {
        if (!reading.ok()) {
            return new PoolRows(false, reading.error(), 0, 0, 0, 0, "", List.of(), List.of());
        }
        PoolView p = reading.value();
        List<PoolRows.Held> held = p.allocations().stream().sorted(java.util.Comparator.comparing(a -> a.addresses().isEmpty() ? "" : a.addresses().get(0)))
                .map(a -> new PoolRows.Held(String.join(", ", a.addresses()), a.cluster(), a.pr() == null ? "" : a.pr(),
                        timelineUrl(a.cluster()), a.saga() == null ? "" : shortId(a.saga()), a.since() == null ? "" : shortTime(a.since())))
                .toList();
        List<PoolRows.Waiting> queue = p.queue().stream().map(q -> new PoolRows.Waiting(q.position(), q.pr(),
                timelineUrl(q.cluster()), q.cluster(), shortTime(q.queuedAt()))).toList();
        return new PoolRows(true, null, p.total(), p.free(), p.total() - p.free(), p.addressesPerCluster(),
                String.join(", ", p.ranges()), held, queue);
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** An ISO-8601 time as the JSON listings give it, to the second. */
    private static String shortTime(String time) {
        try {
            return iso(Instant.parse(time));
        } catch (RuntimeException notAnInstant) {
            return time;
        }
    }

    static String iso(Instant time) {
        return time == null ? "" : DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Map<String, Part> byId(List<Part> parts) {
        Map<String, Part> map = new LinkedHashMap<>();
        parts.forEach(p -> map.put(p.id(), p));
        return map;
    }

    private static Part part(String id, String html) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(html.getBytes(StandardCharsets.UTF_8));
            return new Part(id, html, HexFormat.of().formatHex(digest, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

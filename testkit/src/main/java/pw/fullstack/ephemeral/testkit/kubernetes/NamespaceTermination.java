package pw.fullstack.ephemeral.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's namespace lifecycle for {@link ValidatingCrudDispatcher}: which namespaces are
 * Terminating, what a deleted namespace looks like, the refusals the real API server gives, and the
 * namespace controller's loop (one shared daemon thread for every mock cluster, busy only while some
 * namespace is Terminating).
 */
final class NamespaceTermination {

    private static final Logger LOG = Logger.getLogger(NamespaceTermination.class.getName());
    private static final long TICK_MILLIS = 50;
    static final ScheduledExecutorService CONTROLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mock-namespace-controller");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, Instant> terminatingSince = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> loops = new ConcurrentHashMap<>();
    private final Set<String> purging = ConcurrentHashMap.newKeySet();
    private volatile Duration hold = Duration.ZERO;
    private volatile boolean stopped;

    boolean isTerminating(String namespace) {
        return terminatingSince.containsKey(namespace);
    }

    boolean purging(String namespace) {
        return purging.contains(namespace);
    }

    void hold(Duration duration) {
        hold = duration;
    }

    boolean holdOver(String namespace) {
        Instant since = terminatingSince.get(namespace);
        return since == null || !Instant.now().isBefore(since.plus(hold));
    }

    /** The namespace was marked: the controller works on it until it is gone. */
    void begin(String namespace, ValidatingCrudDispatcher dispatcher) {
        if (stopped || terminatingSince.putIfAbsent(namespace, Instant.now()) != null) {
            return;
        }
        loops.computeIfAbsent(namespace, ns -> CONTROLLER.scheduleWithFixedDelay(() -> {
            try {
                if (dispatcher.finalizeNamespace(ns)) {
                    ScheduledFuture<?> loop = loops.remove(ns);
                    if (loop != null) {
                        loop.cancel(false);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "namespace controller step for " + ns + " failed; next tick", e);
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Runs the removal of the namespace object itself, which the dispatcher lets through while purging. */
    void purge(String namespace, Runnable removal) {
        purging.add(namespace);
        try {
            removal.run();
        } finally {
            purging.remove(namespace);
            terminatingSince.remove(namespace);
        }
    }

    /** The mock cluster closed: no more controller work for it. */
    void stop() {
        stopped = true;
        loops.values().forEach(loop -> loop.cancel(false));
        loops.clear();
    }

    static boolean isMarked(JsonNode namespace) {
        return !namespace.path("metadata").path("deletionTimestamp").asText("").isEmpty();
    }

    /** What DELETE makes of a namespace: deletionTimestamp, the kubernetes finalizer, phase Terminating. */
    static JsonNode mark(JsonNode namespace, String resourceVersion) {
        ObjectNode marked = namespace.deepCopy();
        ObjectNode metadata = marked.with("metadata");
        metadata.put("deletionTimestamp", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
        metadata.put("deletionGracePeriodSeconds", 0);
        metadata.put("resourceVersion", resourceVersion);
        marked.with("spec").putArray("finalizers").add("kubernetes");
        marked.with("status").put("phase", "Terminating");
        return marked;
    }

    /** An update of a Terminating namespace cannot undo the deletion: its marks and status stay. */
    static JsonNode keepMarks(JsonNode old, JsonNode updated) {
        if (!isMarked(old)) {
            return updated;
        }
        ObjectNode kept = updated.deepCopy();
        kept.with("metadata").set("deletionTimestamp", old.path("metadata").path("deletionTimestamp"));
        kept.set("spec", old.path("spec").deepCopy());
        kept.set("status", old.path("status").deepCopy());
        return kept;
    }

    /** A PUT body over the stored namespace: what the store keeps of the old metadata, a new resourceVersion. */
    static JsonNode putOver(JsonNode old, JsonNode body, String resourceVersion) {
        ObjectNode updated = body.deepCopy();
        ObjectNode metadata = updated.with("metadata");
        for (String kept : List.of("uid", "creationTimestamp")) {
            if (old.path("metadata").has(kept)) {
                metadata.set(kept, old.path("metadata").get(kept).deepCopy());
            }
        }
        metadata.put("resourceVersion", resourceVersion);
        return updated;
    }

    /** 403 for a create in a Terminating namespace, as the NamespaceLifecycle admission plugin words it. */
    static Status forbidden(String group, String resource, String name, String namespace) {
        String qualified = group == null || group.isEmpty() ? resource : resource + "." + group;
        return new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(qualified + " \"" + (name == null ? "" : name) + "\" is forbidden: unable to create new content"
                        + " in namespace " + namespace + " because it is being terminated")
                .withNewDetails()
                    .withName(name)
                    .withKind(resource)
                    .withCauses(new StatusCauseBuilder().withReason("NamespaceTerminating")
                            .withMessage("namespace " + namespace + " is being terminated")
                            .withField("metadata.namespace").build())
                .endDetails()
                .build();
    }

    /** 409 for a DELETE of a namespace that is already Terminating. */
    static Status alreadyTerminating(String namespace) {
        return new StatusBuilder()
                .withStatus("Failure")
                .withCode(409)
                .withReason("Conflict")
                .withMessage("Operation cannot be fulfilled on namespaces \"" + namespace + "\": The system is ensuring all"
                        + " content is removed from this namespace.  Upon completion, this namespace will automatically be"
                        + " purged by the system.")
                .withNewDetails().withName(namespace).withKind("namespaces").endDetails()
                .build();
    }
}

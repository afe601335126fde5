package pw.fullstack.ephemeral.testkit.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.testkit.schema.AdmissionOutcome;
import pw.fullstack.ephemeral.testkit.schema.ApiServerAdmission;
import pw.fullstack.ephemeral.testkit.schema.BuiltInResources;
import pw.fullstack.ephemeral.testkit.schema.CustomResourceType;
import pw.fullstack.ephemeral.testkit.schema.FieldValidation;
import pw.fullstack.ephemeral.testkit.schema.Operation;
import pw.fullstack.ephemeral.testkit.schema.SecretRules;

/**
 * fabric8's CRUD dispatcher with the API server's admission in front of the store: every write of a
 * custom resource (create, update, patch, status included) goes through {@link ApiServerAdmission}
 * before anything is stored or any watch fires; what is stored is the defaulted object. Resources
 * neither built in nor served by an installed CRD answer 404. CRDs created or deleted through the
 * API are installed or removed, so a test can "install an operator" the way Helm would. Every
 * mutating request is recorded in the {@link RequestJournal}.
 *
 * <p>Namespaces are deleted the way the API server and its namespace controller do it: a DELETE marks
 * the namespace ({@code deletionTimestamp}, {@code spec.finalizers: [kubernetes]}, phase
 * {@code Terminating}) and answers 200; a second DELETE answers 409; creating anything in it is
 * refused with 403 {@code NamespaceTerminating}; updates keep the deletion marks. In the background
 * every object in the namespace is deleted (objects with finalizers stay, marked, until their
 * controllers remove the finalizers), and the namespace goes once it is empty — after
 * {@link #holdNamespacesTerminating(Duration)} at the earliest, a fault a test can inject.
 */
final class ValidatingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private static final String CRD_GROUP = "apiextensions.k8s.io";
    private static final Map<CustomResourceDefinition, String> JSON_CACHE = Collections.synchronizedMap(new IdentityHashMap<>());

    private final ApiServerAdmission admission;
    private final RequestJournal journal;
    private final ApiRequestLog requests;
    private final OpenWatches watches = new OpenWatches();
    private final ThreadLocal<Request> current = new ThreadLocal<>();
    private final NamespaceTermination termination = new NamespaceTermination();

    /** The request being handled on this thread, and what admission decided for it. */
    private static final class Request {
        final ApiPath path;
        final CustomResourceType type;
        final boolean write;
        final boolean delete;
        String putBody;
        String stored;
        List<String> warnings = List.of();

        Request(ApiPath path, CustomResourceType type, boolean write, boolean delete) {
            this.path = path;
            this.type = type;
            this.write = write;
            this.delete = delete;
        }

        boolean isSecret() {
            return path.group().isEmpty() && "secrets".equals(path.resource()) && path.subresource() == null;
        }

        boolean isNamespace() {
            return path.group().isEmpty() && "namespaces".equals(path.resource()) && path.namespace() == null;
        }
    }

    /** Thrown inside the store's write path; turns into the refusal's response. */
    private static final class Refusal extends RuntimeException {
        final Status status;

        Refusal(Status status) {
            super(status.getMessage(), null, false, false);
            this.status = status;
        }
    }

    ValidatingCrudDispatcher(ApiServerAdmission admission, RequestJournal journal, ApiRequestLog requests) {
        super(List.of());
        useIndexedStore();
        this.admission = admission;
        this.journal = journal;
        this.requests = requests;
    }

    /** What fabric8 keeps in {@code map}, indexed: see {@link IndexedStore}. */
    private IndexedStore store;
    /**
     * Reads answered from the index hold this lock's read side; every change of the store (one
     * {@link #processEvent}: a remove and a put) holds its write side, so a read never sees an object half-updated
     * (gone, not yet back) — what fabric8's own read/write lock guarantees to its scans.
     */
    private final java.util.concurrent.locks.ReadWriteLock storeLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final java.util.concurrent.atomic.AtomicLong latestResourceVersion = new java.util.concurrent.atomic.AtomicLong();

    /**
     * fabric8 keeps its objects in a final, synchronized {@code LinkedHashMap} that every GET scans whole; the indexed
     * store takes its place before anything is stored (same contents, same order, same locking).
     */
    private void useIndexedStore() {
        store = new IndexedStore();
        try {
            java.lang.reflect.Field field = io.fabric8.mockwebserver.crud.CrudDispatcher.class.getDeclaredField("map");
            field.setAccessible(true);
            field.set(this, store);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("fabric8's CrudDispatcher changed: no field 'map' to index", e);
        }
    }

    @Override
    public long requestResourceVersion() {
        long version = super.requestResourceVersion();
        latestResourceVersion.accumulateAndGet(version, Math::max);
        return version;
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        List<Map.Entry<AttributeSet, String>> found = store.matching(attributes);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * A GET of a resource or a list, answered from the index as fabric8's scan would answer it (the object, 404
     * without a body, or a list with the store's resourceVersion); watches and discovery go to fabric8.
     */
    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        if (isWatch(path) || !query.containsKey(KubernetesAttributesExtractor.PLURAL) || API_GROUP_VERSION.matcher(path).matches()) {
            return super.handleGet(path);
        }
        List<String> items;
        String resourceVersion;
        storeLock.readLock().lock();
        try {
            items = store.matching(query).stream().map(Map.Entry::getValue).toList();
            resourceVersion = String.valueOf(latestResourceVersion.get());
        } finally {
            storeLock.readLock().unlock();
        }
        MockResponse response = new MockResponse();
        if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
            return items.isEmpty() ? response.setResponseCode(404) : response.setResponseCode(200).setBody(items.get(0));
        }
        return response.setResponseCode(200).setBody(
                ((io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer) responseComposer).compose(items, resourceVersion));
    }

    /** A group's discovery path, which fabric8 answers from its CRD contexts when no stored object matches (its pattern). */
    private static final java.util.regex.Pattern API_GROUP_VERSION =
            java.util.regex.Pattern.compile("/apis(/([a-zA-Z0-9-_.]+))?(/([a-zA-Z0-9-_]+))");

    /** fabric8's test for a watch request: {@code watch=true} in the query string. */
    private static boolean isWatch(String path) {
        try {
            String query = new java.net.URI(path).getQuery();
            return query != null && query.contains("watch=true");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Until when every request is answered with {@link #failureStatus} (a fault a test injects), and how slowly. */
    private volatile java.time.Instant failingUntil = java.time.Instant.MIN;
    private volatile int failureStatus = 500;
    private volatile java.time.Instant slowUntil = java.time.Instant.MIN;
    private volatile java.time.Duration slowBy = java.time.Duration.ZERO;

    void failRequests(java.time.Duration window, int status) {
        failureStatus = status;
        failingUntil = java.time.Instant.now().plus(window);
    }

    /** The watches being served now. */
    List<ApiRequest> openWatches() {
        return watches.all();
    }

    void delayRequests(java.time.Duration window, java.time.Duration delay) {
        slowBy = delay;
        slowUntil = java.time.Instant.now().plus(window);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        java.time.Instant at = java.time.Instant.now();
        MockResponse response = answer(request);
        String authorization = request.getHeader("Authorization");
        String credential = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        ApiRequest recorded = ApiRequest.of(at, credential, request.getMethod().toUpperCase(java.util.Locale.ROOT),
                ApiPath.parse(request.getPath()), request.getPath(), response.code());
        requests.record(recorded);
        if (response.getWebSocketListener() != null) {
            response.withWebSocketUpgrade(watches.track(recorded, response.getWebSocketListener()));
        }
        return response;
    }

    private MockResponse answer(RecordedRequest request) {
        java.time.Instant now = java.time.Instant.now();
        if (now.isBefore(slowUntil)) {
            try {
                Thread.sleep(slowBy.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (now.isBefore(failingUntil)) {
            // What an API server behind a failing etcd or a restarting apiserver pod answers.
            return statusResponse(new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure")
                    .withCode(failureStatus).withReason(failureStatus == 503 ? "ServiceUnavailable" : "InternalError")
                    .withMessage("the server is currently unable to handle the request (injected fault)").build());
        }
        ApiPath path = ApiPath.parse(request.getPath());
        String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
        boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String bodyName = path.kind() == ApiPath.Kind.RESOURCE && path.name() == null ? nameInBody(request, method) : null;
        MockResponse response;
        CustomResourceType type = null;
        String kind = null;
        if (path.kind() == ApiPath.Kind.DISCOVERY && !BuiltInResources.servesGroupVersion(path.group(), path.version())
                && !servesGroupVersion(path.group(), path.version())) {
            response = statusResponse(ApiServerAdmission.notFound());
        } else if (path.kind() == ApiPath.Kind.RESOURCE) {
            Optional<BuiltInResources.Resource> builtIn = BuiltInResources.byResource(path.group(), path.version(), path.resource());
            type = admission.customResource(path.group(), path.resource())
                    .filter(t -> t.version(path.version()).isPresent()).orElse(null);
            kind = builtIn.map(BuiltInResources.Resource::kind).orElse(type == null ? null : type.kind());
            if (builtIn.isEmpty() && type == null) {
                response = statusResponse(ApiServerAdmission.notFound());
            } else if (method.equals("POST") && path.namespace() != null && path.name() == null
                    && termination.isTerminating(path.namespace())) {
                response = statusResponse(NamespaceTermination.forbidden(path.group(), path.resource(), bodyName,
                        path.namespace()));
            } else {
                Request context = new Request(path, type, write, method.equals("DELETE"));
                if (method.equals("PUT") && context.isNamespace() && request.getBody() != null) {
                    // getBytes does not consume the body the store's handler reads afterwards
                    context.putBody = new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                response = handle(request, context);
            }
        } else {
            response = super.dispatch(request);
        }
        if (path.kind() == ApiPath.Kind.RESOURCE && (write || method.equals("DELETE"))) {
            journal.record(verb(method), path.group(), path.version(), path.resource(), kind, path.namespace(),
                    path.name() != null ? path.name() : bodyName, path.subresource(), response.code());
        }
        return response;
    }

    private MockResponse handle(RecordedRequest request, Request context) {
        current.set(context);
        try {
            MockResponse response = super.dispatch(request);
            if (context.stored != null && response.code() >= 200 && response.code() < 300) {
                response.setBody(context.stored);
            }
            context.warnings.forEach(w -> response.addHeader("Warning", "299 - " + w));
            return response;
        } catch (Refusal refusal) {
            return statusResponse(refusal.status);
        } finally {
            current.remove();
        }
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        Request request = current.get();
        String oldState = oldAttributes == null ? null : map.get(oldAttributes);
        if (request != null && request.isNamespace() && oldState != null) {
            String name = request.path.name();
            if (request.delete && !termination.purging(name)) {
                JsonNode old = read(oldState);
                if (NamespaceTermination.isMarked(old)) {
                    throw new Refusal(NamespaceTermination.alreadyTerminating(name));
                }
                newState = write(NamespaceTermination.mark(old, String.valueOf(requestResourceVersion())));
                resource = null;
                request.stored = newState;
                termination.begin(name, this);
            } else if (request.write) {
                JsonNode old = read(oldState);
                if (newState == null && NamespaceTermination.isMarked(old) && request.putBody != null) {
                    // fabric8's store reads a PUT of a marked object without finalizers as "remove it";
                    // for a Terminating namespace it is an update like any other
                    newState = write(NamespaceTermination.keepMarks(old, NamespaceTermination.putOver(old, read(request.putBody),
                            String.valueOf(requestResourceVersion()))));
                } else if (newState != null) {
                    newState = write(NamespaceTermination.keepMarks(old, read(newState)));
                }
                resource = null;
                request.stored = newState;
            }
        }
        if (request != null && request.write && request.isSecret() && newState != null) {
            Optional<Status> refusal = SecretRules.refusal(read(newState), oldState == null ? null : read(oldState));
            if (refusal.isPresent()) {
                throw new Refusal(refusal.get());
            }
        }
        if (request != null && request.write && request.type != null && newState != null) {
            JsonNode candidate = read(newState);
            JsonNode old = oldState == null ? null : read(oldState);
            AdmissionOutcome outcome = admission.admit(request.type, request.path.version(),
                    old == null ? Operation.CREATE : Operation.UPDATE, request.path.subresource(), candidate, old,
                    FieldValidation.of(request.path.parameter("fieldValidation").orElse(null)));
            if (outcome instanceof AdmissionOutcome.Refused refused) {
                throw new Refusal(refused.status());
            }
            AdmissionOutcome.Accepted accepted = (AdmissionOutcome.Accepted) outcome;
            newState = write(accepted.object());
            resource = null;
            request.stored = newState;
            request.warnings = accepted.warnings();
        }
        storeLock.writeLock().lock();
        try {
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        } finally {
            storeLock.writeLock().unlock();
        }
        garbageCollection(oldState, newState);
        if (request != null && CRD_GROUP.equals(request.path.group()) && "customresourcedefinitions".equals(request.path.resource())) {
            if (newState != null) {
                install(Serialization.unmarshal(newState, CustomResourceDefinition.class));
            } else if (oldState != null) {
                admission.unregister(Serialization.unmarshal(oldState, CustomResourceDefinition.class));
            }
        }
    }

    /**
     * fabric8's PATCH handler removes an object that is marked for deletion and has no finalizers left;
     * a Terminating namespace has none in metadata (its finalizer is {@code spec.finalizers}), so the
     * mark is taken off here and put back when the update is stored.
     */
    @Override
    public void preserveMetadata(JsonNode current, JsonNode updated) {
        super.preserveMetadata(current, updated);
        if ("Namespace".equals(current.path("kind").asText()) && NamespaceTermination.isMarked(current)
                && updated.get("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode metadata) {
            metadata.remove("deletionTimestamp");
        }
    }

    /**
     * The garbage collector, for what matters here: a namespaced object whose every ownerReference names an
     * owner that does not exist in its own namespace (a namespaced owner in another namespace counts as
     * absent, as on the real API server) is deleted (finalizers still hold it, marked); so are the
     * dependents of a deleted owner that have no other owner left. Runs on the mock's background thread,
     * a moment after the write, as the real collector does.
     */
    private void garbageCollection(String oldState, String newState) {
        if (closed) {
            return;
        }
        if (newState != null && newState.contains("\"ownerReferences\"")) {
            JsonNode object = read(newState);
            String namespace = object.path("metadata").path("namespace").asText("");
            if (!namespace.isEmpty() && object.path("metadata").path("ownerReferences").size() > 0
                    && object.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
                schedule(() -> collectIfOrphaned(namespace, object.path("metadata").path("uid").asText("")));
            }
        } else if (newState == null && oldState != null) {
            JsonNode owner = read(oldState);
            String namespace = owner.path("metadata").path("namespace").asText("");
            String uid = owner.path("metadata").path("uid").asText("");
            if (!namespace.isEmpty() && !uid.isEmpty()) {
                schedule(() -> stored(namespace).stream()
                        .filter(o -> o.path("metadata").path("ownerReferences").findValuesAsText("uid").contains(uid))
                        .forEach(o -> collectIfOrphaned(namespace, o.path("metadata").path("uid").asText(""))));
            }
        }
    }

    private void schedule(Runnable work) {
        try {
            NamespaceTermination.CONTROLLER.schedule(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // the next write or delete looks again
                }
            }, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // JVM going down
        }
    }

    private void collectIfOrphaned(String namespace, String uid) {
        List<JsonNode> objects = stored(namespace);
        java.util.Set<String> uids = new java.util.HashSet<>();
        objects.forEach(o -> uids.add(o.path("metadata").path("uid").asText("")));
        for (JsonNode object : objects) {
            if (!uid.equals(object.path("metadata").path("uid").asText("")) || closed) {
                continue;
            }
            JsonNode owners = object.path("metadata").path("ownerReferences");
            boolean ownerLeft = false;
            for (JsonNode owner : owners) {
                ownerLeft |= uids.contains(owner.path("uid").asText(""));
            }
            if (owners.size() > 0 && !ownerLeft && object.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
                objectPath(object, namespace).ifPresent(this::handleDelete);
            }
        }
    }

    /** Every object stored in the namespace, parsed. */
    private List<JsonNode> stored(String namespace) {
        return contentsOf(namespace).stream().map(ValidatingCrudDispatcher::read).toList();
    }

    private List<String> contentsOf(String namespace) {
        return store.inNamespace(namespace).stream().map(Map.Entry::getValue).toList();
    }

    /** The mock closed: the namespace controller stops working on its namespaces. */
    void close() {
        closed = true;
        termination.stop();
    }

    private volatile boolean closed;

    /** Terminating namespaces are kept at least this long before they go (default zero): "slow to delete". */
    void holdNamespacesTerminating(java.time.Duration hold) {
        termination.hold(hold);
    }

    /**
     * One step of the namespace controller for {@code namespace}: deletes what is left in it (objects
     * with finalizers are only marked) and, once nothing is left and the hold is over, removes the
     * namespace. Returns whether the namespace is gone.
     */
    boolean finalizeNamespace(String namespace) {
        List<String> contents = contentsOf(namespace);
        for (String json : contents) {
            objectPath(read(json), namespace).ifPresent(this::handleDelete);
        }
        if (!contents.isEmpty() || !termination.holdOver(namespace)) {
            return false;
        }
        termination.purge(namespace, () -> {
            Request purge = new Request(ApiPath.parse("/api/v1/namespaces/" + namespace), null, false, true);
            current.set(purge);
            try {
                handleDelete("/api/v1/namespaces/" + namespace);
            } finally {
                current.remove();
            }
        });
        return true;
    }

    /** The REST path of a stored object, from its apiVersion, kind (through its plural) and name. */
    private java.util.Optional<String> objectPath(JsonNode object, String namespace) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String name = object.path("metadata").path("name").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            return java.util.Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        java.util.Optional<String> plural = BuiltInResources.byKind(group, version, kind).map(BuiltInResources.Resource::plural)
                .or(() -> admission.customResourceByKind(group, kind).map(CustomResourceType::plural));
        return plural.map(p -> (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version)
                + "/namespaces/" + namespace + "/" + p + "/" + name);
    }

    /**
     * Installs CRDs at start-up straight into the store (listable like any CRD, no watch events):
     * sending megabytes of schema through HTTP for every mock cluster would cost seconds.
     */
    void bootstrap(List<CustomResourceDefinition> crds) {
        String path = "/apis/" + CRD_GROUP + "/v1/customresourcedefinitions";
        for (CustomResourceDefinition crd : crds) {
            String json = JSON_CACHE.computeIfAbsent(crd, Serialization::asJson);
            AttributeSet attributes = AttributeSet.merge(getKey(path),
                    ((KubernetesAttributesExtractor) attributeExtractor).extract(crd));
            map.put(attributes, json);
            install(crd);
        }
    }

    /** Serves the CRD's resources: admission knows its schemas, the store its served versions and status subresource. */
    void install(CustomResourceDefinition crd) {
        admission.register(crd);
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (Boolean.TRUE.equals(version.getServed())) {
                expectCustomResource(new CustomResourceDefinitionContext.Builder()
                        .withGroup(crd.getSpec().getGroup())
                        .withVersion(version.getName())
                        .withKind(crd.getSpec().getNames().getKind())
                        .withPlural(crd.getSpec().getNames().getPlural())
                        .withScope(crd.getSpec().getScope())
                        .withName(crd.getMetadata().getName())
                        .withStatusSubresource(version.getSubresources() != null && version.getSubresources().getStatus() != null)
                        .build());
            }
        }
    }

    private boolean servesGroupVersion(String group, String version) {
        // discovery of a CRD's group/version: answered by the store's CRD processor once installed
        return admission.servesGroupVersion(group, version);
    }

    private static RequestJournal.Verb verb(String method) {
        return switch (method) {
            case "POST" -> RequestJournal.Verb.CREATE;
            case "PUT" -> RequestJournal.Verb.UPDATE;
            case "PATCH" -> RequestJournal.Verb.PATCH;
            default -> RequestJournal.Verb.DELETE;
        };
    }

    private static String nameInBody(RecordedRequest request, String method) {
        if (!method.equals("POST") || request.getBody() == null) {
            return null;
        }
        try {
            // getBytes does not consume the body the store's handler reads afterwards
            JsonNode body = JSON.readTree(request.getBody().getBytes());
            String name = body.path("metadata").path("name").asText(null);
            return name == null || name.isEmpty() ? null : name;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static MockResponse statusResponse(Status status) {
        return new MockResponse().setResponseCode(status.getCode()).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored object is not JSON", e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

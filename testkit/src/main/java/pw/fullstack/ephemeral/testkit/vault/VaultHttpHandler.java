package pw.fullstack.ephemeral.testkit.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Vault's HTTP wire contract for token auth with ACL policies, the Kubernetes auth method, sys/health and
 * KV v2 (data, metadata, config, list). Every KV request is checked against the caller's policies on the path Vault's router would
 * check: {@code <mount>/data/<key>} (create or update by whether the key exists), {@code <mount>/metadata/<folder>/}
 * for a list.
 */
final class VaultHttpHandler implements HttpHandler {

    static final String TOKEN_HEADER = "X-Vault-Token";
    static final String EMULATED_VAULT_VERSION = "1.15.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final TokenAuth auth;
    private final TokenAuthRoutes authRoutes;
    private final KubernetesAuth kubernetesAuth;
    private final List<KvMountStore> mountsLongestNameFirst;
    private final VaultFaults faults;
    private final AtomicLong requestCount = new AtomicLong();

    VaultHttpHandler(TokenAuth auth, KubernetesAuth kubernetesAuth, List<KvMountStore> mounts, VaultFaults faults) {
        this.auth = auth;
        this.authRoutes = new TokenAuthRoutes(auth);
        this.kubernetesAuth = kubernetesAuth;
        // "team/kv" must win over "team" when both are mounted.
        this.mountsLongestNameFirst = mounts.stream()
                .sorted(Comparator.comparingInt((KvMountStore store) -> store.mount().name().length()).reversed())
                .toList();
        this.faults = faults;
    }

    long requestCount() {
        return requestCount.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requestCount.incrementAndGet();
        try (exchange) {
            VaultReply reply;
            try {
                delayIfAsked();
                reply = respond(exchange);
            } catch (VaultRequestRejected rejected) {
                reply = new VaultReply(rejected.status(), Map.of("errors", rejected.errors()));
            } catch (RuntimeException unexpected) {
                reply = new VaultReply(500, Map.of("errors", List.of("internal error: " + unexpected)));
            }
            send(exchange, reply);
        }
    }

    private void delayIfAsked() {
        long millis = faults.responseDelay().toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private VaultReply respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        boolean health = path.equals("/v1/sys/health");

        if (faults.sealed()) {
            if (health) {
                return new VaultReply(503, healthBody(true));
            }
            throw new VaultRequestRejected(503, List.of(VaultRequestRejected.SEALED));
        }
        VaultRequestRejected injected = faults.takeInjectedFailure();
        if (injected != null) {
            throw injected;
        }
        if (health) {
            return new VaultReply(200, healthBody(false));
        }
        if (!path.startsWith("/v1/")) {
            throw VaultRequestRejected.notFound();
        }
        String underV1 = path.substring("/v1/".length());
        if (kubernetesAuth.isLogin(underV1)) {
            return kubernetesAuth.route(Acl.of(List.of()), method, underV1, jsonBody(exchange.getRequestBody()));
        }
        TokenAuth.Token caller = auth.authenticate(exchange.getRequestHeaders().getFirst(TOKEN_HEADER));
        Acl acl = auth.aclOf(caller);
        if (TokenAuthRoutes.handles(underV1)) {
            return authRoutes.route(caller, acl, method, underV1, jsonBody(exchange.getRequestBody()));
        }
        if (kubernetesAuth.handles(underV1)) {
            return kubernetesAuth.route(acl, method, underV1, jsonBody(exchange.getRequestBody()));
        }
        if (underV1.equals("sys/mounts") && method.equals("GET")) {
            authorize(acl, "sys/mounts", Capability.READ);
            return VaultReply.ok(secretsEngines());
        }
        for (KvMountStore store : mountsLongestNameFirst) {
            String mount = store.mount().name();
            if (underV1.startsWith(mount + "/")) {
                return kv(acl, store, method, underV1.substring(mount.length() + 1), query, exchange.getRequestBody());
            }
        }
        throw VaultRequestRejected.notFound();
    }

    private VaultReply kv(Acl acl, KvMountStore store, String method, String afterMount, Map<String, String> query, InputStream body)
            throws IOException {
        String mount = store.mount().name();
        if (afterMount.startsWith("data/")) {
            String key = KvMount.trimSlashes(afterMount.substring("data/".length()));
            if (key.isEmpty()) {
                throw VaultRequestRejected.notFound();
            }
            String aclPath = mount + "/data/" + key;
            return switch (method) {
                case "GET" -> {
                    authorize(acl, aclPath, Capability.READ);
                    yield readData(store, key, query);
                }
                case "POST", "PUT" -> {
                    authorize(acl, aclPath, store.currentVersion(key) == 0 ? Capability.CREATE : Capability.UPDATE);
                    yield writeData(store, key, body);
                }
                case "DELETE" -> {
                    authorize(acl, aclPath, Capability.DELETE);
                    store.softDeleteLatest(key);
                    yield VaultReply.NO_CONTENT;
                }
                default -> throw unsupportedOperation();
            };
        }
        if (afterMount.equals("config")) {
            String aclPath = mount + "/config";
            return switch (method) {
                case "GET" -> {
                    authorize(acl, aclPath, Capability.READ);
                    yield VaultReply.ok(store.wireConfig());
                }
                case "POST", "PUT" -> {
                    authorize(acl, aclPath, Capability.UPDATE);
                    JsonNode config = jsonBody(body);
                    store.configure(flag(config, "cas_required"), number(config, "max_versions"));
                    yield VaultReply.NO_CONTENT;
                }
                default -> throw unsupportedOperation();
            };
        }
        if (afterMount.startsWith("metadata/") || afterMount.equals("metadata")) {
            String key = KvMount.trimSlashes(afterMount.substring("metadata".length()));
            if (method.equals("LIST") || (method.equals("GET") && "true".equals(query.get("list")))) {
                // Vault's router ends a list request's path with "/" before the ACL check.
                authorize(acl, mount + "/metadata/" + (key.isEmpty() ? "" : key + "/"), Capability.LIST);
                return list(store, key);
            }
            String aclPath = mount + "/metadata/" + key;
            return switch (method) {
                case "GET" -> {
                    authorize(acl, aclPath, Capability.READ);
                    yield store.metadata(key)
                            .map(metadata -> VaultReply.ok(metadata))
                            .orElseThrow(VaultRequestRejected::notFound);
                }
                case "POST", "PUT" -> {
                    if (key.isEmpty()) {
                        throw unsupportedOperation();
                    }
                    authorize(acl, aclPath, store.metadata(key).isPresent() ? Capability.UPDATE : Capability.CREATE);
                    JsonNode settings = jsonBody(body);
                    store.writeMetadata(key, flag(settings, "cas_required"), number(settings, "max_versions"));
                    yield VaultReply.NO_CONTENT;
                }
                case "DELETE" -> {
                    authorize(acl, aclPath, Capability.DELETE);
                    store.deleteMetadataAndAllVersions(key);
                    yield VaultReply.NO_CONTENT;
                }
                default -> throw unsupportedOperation();
            };
        }
        throw VaultRequestRejected.notFound();
    }

    /** {@code GET sys/mounts}: the KV v2 engines (the emulator's only secrets engines), by path with a trailing slash. */
    private Map<String, Object> secretsEngines() {
        Map<String, Object> engines = new LinkedHashMap<>();
        for (KvMountStore store : mountsLongestNameFirst) {
            engines.put(store.mount().name() + "/", Map.of("type", "kv", "options", Map.of("version", "2"), "local", false));
        }
        return engines;
    }

    private static void authorize(Acl acl, String path, Capability capability) {
        NamedObjectRoutes.authorize(acl, path, capability);
    }

    /** A boolean parameter as Vault's field parser takes it: JSON true/false or the strings the CLI sends. */
    private static Boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText();
        if (text.equals("true") || text.equals("1")) {
            return true;
        }
        if (text.equals("false") || text.equals("0")) {
            return false;
        }
        throw VaultRequestRejected.badRequest("error converting input " + text + " for field \"" + field + "\"");
    }

    private static Integer number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return value.isNumber() ? value.intValue() : Integer.parseInt(value.asText());
        } catch (NumberFormatException e) {
            throw VaultRequestRejected.badRequest("error converting input " + value.asText() + " for field \"" + field + "\"");
        }
    }

    private static JsonNode jsonBody(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(bytes);
            if (parsed == null || !parsed.isObject()) {
                throw VaultRequestRejected.badRequest(VaultRequestRejected.BAD_JSON);
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw VaultRequestRejected.badRequest(VaultRequestRejected.BAD_JSON);
        }
    }

    private VaultReply readData(KvMountStore store, String key, Map<String, String> query) {
        // A bare "?version" or "?version=" (what quarkus-vault sends for a null version) means latest.
        String requested = query.getOrDefault("version", "");
        int version;
        try {
            version = requested.isEmpty() ? 0 : Integer.parseInt(requested);
        } catch (NumberFormatException e) {
            throw VaultRequestRejected.badRequest("invalid version: " + requested);
        }
        SecretVersion found = store.read(key, version).orElseThrow(VaultRequestRejected::notFound);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("data", found.isDeleted() ? null : found.data());
        data.put("metadata", found.wireMetadata());
        // Vault answers a soft-deleted version with 404 but still shows its metadata.
        return new VaultReply(found.isDeleted() ? 404 : 200, VaultReply.envelope(data, null));
    }

    private VaultReply writeData(KvMountStore store, String key, InputStream body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body.readAllBytes());
        } catch (JsonProcessingException e) {
            throw VaultRequestRejected.badRequest(VaultRequestRejected.BAD_JSON);
        }
        if (request == null || !request.isObject()) {
            throw VaultRequestRejected.badRequest(request == null || request.isMissingNode() ? "no data provided" : VaultRequestRejected.BAD_JSON);
        }
        JsonNode data = request.get("data");
        if (data == null || !data.isObject()) {
            throw VaultRequestRejected.badRequest("no data provided");
        }
        JsonNode cas = request.path("options").get("cas");
        if (cas != null && !cas.isNull() && !cas.canConvertToInt()) {
            throw VaultRequestRejected.badRequest(VaultRequestRejected.BAD_JSON);
        }
        Integer expectedVersion = cas == null || cas.isNull() ? null : cas.asInt();
        if (expectedVersion != null && faults.takeCasConflict()) {
            // As if another writer had got there first: the client must read again and retry.
            throw new VaultRequestRejected(400, List.of(VaultRequestRejected.CAS_MISMATCH));
        }
        SecretVersion written = store.write(key, expectedVersion, JSON.convertValue(data, JSON_OBJECT));
        return VaultReply.ok(written.wireMetadata());
    }

    private VaultReply list(KvMountStore store, String folder) {
        List<String> keys = store.list(folder);
        if (keys.isEmpty()) {
            throw VaultRequestRejected.notFound();
        }
        return VaultReply.ok(Map.of("keys", keys));
    }

    private static VaultRequestRejected unsupportedOperation() {
        return new VaultRequestRejected(405, List.of("unsupported operation"));
    }

    private static Map<String, Object> healthBody(boolean sealed) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("initialized", true);
        health.put("sealed", sealed);
        health.put("standby", false);
        health.put("performance_standby", false);
        health.put("replication_performance_mode", "disabled");
        health.put("replication_dr_mode", "disabled");
        health.put("server_time_utc", System.currentTimeMillis() / 1000);
        health.put("version", EMULATED_VAULT_VERSION);
        health.put("cluster_name", "vault-emulator");
        health.put("cluster_id", "00000000-0000-0000-0000-000000000000");
        return health;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void send(HttpExchange exchange, VaultReply reply) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}

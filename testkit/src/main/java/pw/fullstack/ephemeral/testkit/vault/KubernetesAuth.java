package pw.fullstack.ephemeral.testkit.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Vault's Kubernetes auth method as vault-plugin-auth-kubernetes implements it, over HTTP: enabling it
 * ({@code sys/auth/<path>}, {@code type=kubernetes}), its {@code config}, its roles and {@code login}. A login's JWT is
 * checked as the plugin does — role, then the token's claims against the role (audience, expiry, service account
 * name, namespace), then Kubernetes' TokenReview, here {@link ServiceAccountTokens} — and answered with the plugin's
 * statuses and messages: 400 {@code missing role}, {@code missing jwt}, {@code invalid role name "<r>"}; 403
 * {@code invalid audience (aud) claim}, {@code service account name not authorized}, {@code namespace not authorized},
 * {@code permission denied} (a token the cluster does not authenticate). The config's {@code kubernetes_host} is
 * required and kept, but never called: {@link ServiceAccountTokens} answers the review.
 */
final class KubernetesAuth {

    private static final String SYS_AUTH = "sys/auth";

    private final TokenAuth tokens;
    private final ServiceAccountTokens cluster;
    /** Enabled mount paths (no slashes) → their state. */
    private final Map<String, Mount> mounts = new TreeMap<>();

    private static final class Mount {
        Map<String, Object> config;
        final Map<String, KubernetesRole> roles = new TreeMap<>();
    }

    KubernetesAuth(TokenAuth tokens, ServiceAccountTokens cluster) {
        this.tokens = tokens;
        this.cluster = cluster;
    }

    boolean handles(String path) {
        return path.equals(SYS_AUTH) || path.startsWith(SYS_AUTH + "/") || mountOf(path).isPresent();
    }

    /** Login needs no token, as in Vault (an unauthenticated path). */
    synchronized boolean isLogin(String path) {
        return mountOf(path).map(mount -> path.equals("auth/" + mount + "/login")).orElse(false);
    }

    synchronized VaultReply route(Acl acl, String method, String path, JsonNode body) {
        if (path.equals(SYS_AUTH) || path.equals(SYS_AUTH + "/")) {
            authorize(acl, SYS_AUTH, Capability.READ);
            return VaultReply.ok(enabledMethods());
        }
        if (path.startsWith(SYS_AUTH + "/")) {
            return enableOrDisable(acl, method, path, KvMount.trimSlashes(path.substring(SYS_AUTH.length() + 1)), body);
        }
        String mountPath = mountOf(path).orElseThrow(VaultRequestRejected::notFound);
        Mount mount = mounts.get(mountPath);
        String rest = path.substring(("auth/" + mountPath + "/").length());
        if (rest.equals("config")) {
            return config(acl, method, path, mount, body);
        }
        if (rest.equals("role") || rest.equals("role/")) {
            authorize(acl, "auth/" + mountPath + "/role/", Capability.LIST);
            if (mount.roles.isEmpty()) {
                throw VaultRequestRejected.notFound();
            }
            return VaultReply.ok(Map.of("keys", List.copyOf(mount.roles.keySet())));
        }
        if (rest.startsWith("role/")) {
            return role(acl, method, path, mount, rest.substring("role/".length()), body);
        }
        if (rest.equals("login")) {
            requirePost(method);
            return login(mountPath, mount, body);
        }
        throw VaultRequestRejected.notFound();
    }

    private Optional<String> mountOf(String path) {
        if (!path.startsWith("auth/")) {
            return Optional.empty();
        }
        String afterAuth = path.substring("auth/".length());
        return mounts.keySet().stream().filter(mount -> afterAuth.equals(mount) || afterAuth.startsWith(mount + "/"))
                .max((a, b) -> Integer.compare(a.length(), b.length()));
    }

    private Map<String, Object> enabledMethods() {
        Map<String, Object> methods = new LinkedHashMap<>();
        methods.put("token/", Map.of("type", "token", "description", "token based credentials", "local", false));
        mounts.keySet().forEach(mount -> methods.put(mount + "/", Map.of("type", "kubernetes", "description", "", "local", false)));
        return methods;
    }

    private VaultReply enableOrDisable(Acl acl, String method, String path, String mountPath, JsonNode body) {
        switch (method) {
            case "POST", "PUT" -> {
                authorize(acl, path, Capability.UPDATE);
                String type = body.path("type").asText("");
                if (!type.equals("kubernetes")) {
                    throw VaultRequestRejected.badRequest(type.isEmpty() ? "plugin not found in the catalog: "
                            : "plugin not found in the catalog: " + type);
                }
                if (mountPath.equals("token") || mounts.containsKey(mountPath)) {
                    throw VaultRequestRejected.badRequest("path is already in use at " + mountPath + "/");
                }
                mounts.put(mountPath, new Mount());
                return VaultReply.NO_CONTENT;
            }
            case "DELETE" -> {
                authorize(acl, path, Capability.DELETE);
                mounts.remove(mountPath);
                return VaultReply.NO_CONTENT;
            }
            default -> throw new VaultRequestRejected(405, List.of("unsupported operation"));
        }
    }

    private VaultReply config(Acl acl, String method, String path, Mount mount, JsonNode body) {
        switch (method) {
            case "GET" -> {
                authorize(acl, path, Capability.READ);
                if (mount.config == null) {
                    throw VaultRequestRejected.notFound();
                }
                return VaultReply.ok(mount.config);
            }
            case "POST", "PUT" -> {
                authorize(acl, path, mount.config == null ? Capability.CREATE : Capability.UPDATE);
                String host = body.path("kubernetes_host").asText("");
                if (host.isBlank()) {
                    throw VaultRequestRejected.badRequest("no host provided");
                }
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("kubernetes_host", host);
                config.put("kubernetes_ca_cert", body.path("kubernetes_ca_cert").asText(""));
                config.put("pem_keys", List.of());
                config.put("issuer", body.path("issuer").asText(""));
                config.put("disable_iss_validation", body.path("disable_iss_validation").asBoolean(true));
                config.put("disable_local_ca_jwt", body.path("disable_local_ca_jwt").asBoolean(false));
                mount.config = config;
                return VaultReply.NO_CONTENT;
            }
            default -> throw new VaultRequestRejected(405, List.of("unsupported operation"));
        }
    }

    private VaultReply role(Acl acl, String method, String path, Mount mount, String name, JsonNode body) {
        return NamedObjectRoutes.route(acl, method, path, mount.roles.containsKey(name),
                () -> Optional.ofNullable(mount.roles.get(name)).orElseThrow(VaultRequestRejected::notFound).wire(),
                () -> mount.roles.put(name, role(name, body)), () -> mount.roles.remove(name));
    }

    private static KubernetesRole role(String name, JsonNode body) {
        // token_policies, or the older "policies" the plugin still accepts
        List<String> policies = TokenAuthRoutes.strings(body, "token_policies");
        if (policies.isEmpty()) {
            policies = TokenAuthRoutes.strings(body, "policies");
        }
        return new KubernetesRole(name, TokenAuthRoutes.strings(body, "bound_service_account_names"),
                TokenAuthRoutes.strings(body, "bound_service_account_namespaces"), body.path("audience").asText(""),
                policies, TokenAuthRoutes.duration(body, "token_ttl"), TokenAuthRoutes.duration(body, "token_max_ttl"),
                body.path("token_no_default_policy").asBoolean(false));
    }

    private VaultReply login(String mountPath, Mount mount, JsonNode body) {
        String roleName = body.path("role").asText("");
        if (roleName.isEmpty()) {
            throw VaultRequestRejected.badRequest("missing role");
        }
        String jwt = body.path("jwt").asText("");
        if (jwt.isEmpty()) {
            throw VaultRequestRejected.badRequest("missing jwt");
        }
        KubernetesRole role = mount.roles.get(roleName);
        if (role == null) {
            throw VaultRequestRejected.badRequest("invalid role name \"" + roleName + "\"");
        }
        if (mount.config == null) {
            throw new VaultRequestRejected(500, List.of("could not load backend configuration"));
        }
        ServiceAccountTokens.UnverifiedClaims claims = ServiceAccountTokens.claimsOf(jwt).orElseThrow(KubernetesAuth::denied);
        if (claims.expires() != null && !tokens.now().isBefore(claims.expires())) {
            throw forbidden("invalid expiration (exp) claim: token is expired");
        }
        if (!role.audience().isEmpty() && !claims.audiences().contains(role.audience())) {
            throw forbidden("invalid audience (aud) claim");
        }
        if (claims.serviceAccount() == null || !role.bindsServiceAccount(claims.serviceAccount())) {
            throw forbidden("service account name not authorized");
        }
        if (claims.namespace() == null || !role.bindsNamespace(claims.namespace())) {
            throw forbidden("namespace not authorized");
        }
        ServiceAccountTokens.Reviewed reviewed = cluster.review(jwt).orElseThrow(KubernetesAuth::denied);
        if (!reviewed.serviceAccount().equals(claims.serviceAccount()) || !reviewed.namespace().equals(claims.namespace())) {
            throw denied();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("role", roleName);
        metadata.put("service_account_name", reviewed.serviceAccount());
        metadata.put("service_account_namespace", reviewed.namespace());
        metadata.put("service_account_secret_name", "");
        metadata.put("service_account_uid", reviewed.uid());
        TokenAuth.Token token = tokens.login("auth/" + mountPath + "/login", role.tokenPolicies(), role.tokenNoDefaultPolicy(),
                role.tokenTtl(), role.tokenMaxTtl(), metadata, mountPath + "-" + reviewed.namespace() + "-" + reviewed.serviceAccount());
        return TokenAuthRoutes.created(token);
    }

    private static VaultRequestRejected forbidden(String why) {
        return new VaultRequestRejected(403, List.of(why));
    }

    private static VaultRequestRejected denied() {
        return forbidden(VaultRequestRejected.PERMISSION_DENIED);
    }

    private static void authorize(Acl acl, String path, Capability capability) {
        NamedObjectRoutes.authorize(acl, path, capability);
    }

    private static void requirePost(String method) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            throw new VaultRequestRejected(405, List.of("unsupported operation"));
        }
    }
}

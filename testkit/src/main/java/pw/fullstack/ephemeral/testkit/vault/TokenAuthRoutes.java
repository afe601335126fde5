package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP side of {@link TokenAuth}: {@code sys/policies/acl/*} and {@code auth/token/*} as Vault's
 * API documents them (paths, parameters, reply shapes, status codes). Each route first checks the
 * caller's capability on the request path, as Vault's router does.
 */
final class TokenAuthRoutes {

    private static final String POLICIES = "sys/policies/acl";
    private static final String ROLES = "auth/token/roles";

    private final TokenAuth auth;

    TokenAuthRoutes(TokenAuth auth) {
        this.auth = auth;
    }

    static boolean handles(String path) {
        return path.equals(POLICIES) || path.startsWith(POLICIES + "/") || path.startsWith("auth/token/");
    }

    VaultReply route(TokenAuth.Token caller, Acl acl, String method, String path, JsonNode body) {
        if (path.equals(POLICIES) || path.equals(POLICIES + "/")) {
            requireList(method);
            authorize(acl, POLICIES + "/", Capability.LIST);
            return VaultReply.ok(Map.of("keys", auth.policyNames(), "policies", auth.policyNames()));
        }
        if (path.startsWith(POLICIES + "/")) {
            return policy(acl, method, path, path.substring(POLICIES.length() + 1), body);
        }
        if (path.equals(ROLES) || path.equals(ROLES + "/")) {
            requireList(method);
            authorize(acl, ROLES + "/", Capability.LIST);
            List<String> names = auth.roleNames();
            if (names.isEmpty()) {
                throw VaultRequestRejected.notFound();
            }
            return VaultReply.ok(Map.of("keys", names));
        }
        if (path.startsWith(ROLES + "/")) {
            return role(acl, method, path, path.substring(ROLES.length() + 1), body);
        }
        return switch (path) {
            case "auth/token/create", "auth/token/create-orphan" -> {
                requirePost(method);
                authorize(acl, path, Capability.UPDATE);
                yield created(auth.create(caller, createRequest(body, path.endsWith("orphan")), null));
            }
            case "auth/token/lookup-self" -> {
                authorize(acl, path, method.equals("GET") ? Capability.READ : Capability.UPDATE);
                yield VaultReply.ok(auth.lookupData(caller, true));
            }
            case "auth/token/lookup-accessor" -> {
                requirePost(method);
                authorize(acl, path, Capability.UPDATE);
                yield VaultReply.ok(auth.lookupData(byAccessor(body), false));
            }
            case "auth/token/revoke-accessor" -> {
                requirePost(method);
                authorize(acl, path, Capability.UPDATE);
                auth.revoke(byAccessor(body));
                yield VaultReply.NO_CONTENT;
            }
            case "auth/token/renew-self" -> {
                requirePost(method);
                authorize(acl, path, Capability.UPDATE);
                yield created(auth.renew(caller, duration(body, "increment")));
            }
            case "auth/token/revoke-self" -> {
                requirePost(method);
                authorize(acl, path, Capability.UPDATE);
                auth.revoke(caller);
                yield VaultReply.NO_CONTENT;
            }
            default -> {
                if (path.startsWith("auth/token/create/")) {
                    requirePost(method);
                    authorize(acl, path, Capability.UPDATE);
                    String roleName = path.substring("auth/token/create/".length());
                    TokenRole role = auth.role(roleName)
                            .orElseThrow(() -> VaultRequestRejected.badRequest("unknown role " + roleName));
                    yield created(auth.create(caller, createRequest(body, false), role));
                }
                throw new VaultRequestRejected(405, List.of("unsupported path"));
            }
        };
    }

    private VaultReply policy(Acl acl, String method, String path, String name, JsonNode body) {
        return NamedObjectRoutes.route(acl, method, path, auth.hasPolicy(name), () -> {
            AclPolicy policy = auth.policy(name).orElseThrow(VaultRequestRejected::notFound);
            return Map.of("name", policy.name(), "policy", policy.text());
        }, () -> auth.putPolicy(AclPolicy.parse(name, text(body, "policy"))), () -> auth.deletePolicy(name));
    }

    private VaultReply role(Acl acl, String method, String path, String name, JsonNode body) {
        return NamedObjectRoutes.route(acl, method, path, auth.hasRole(name),
                () -> auth.role(name).orElseThrow(VaultRequestRejected::notFound).wire(),
                () -> auth.putRole(role(name, body)), () -> auth.deleteRole(name));
    }

    static TokenRole role(String name, JsonNode body) {
        return new TokenRole(name, strings(body, "allowed_policies"), strings(body, "allowed_policies_glob"),
                strings(body, "disallowed_policies"), strings(body, "disallowed_policies_glob"),
                body.path("orphan").asBoolean(false), body.path("renewable").asBoolean(true),
                duration(body, "token_ttl"), duration(body, "token_explicit_max_ttl"),
                body.path("token_no_default_policy").asBoolean(false));
    }

    private TokenAuth.Token byAccessor(JsonNode body) {
        return auth.byAccessor(text(body, "accessor"))
                .orElseThrow(() -> VaultRequestRejected.badRequest("invalid accessor"));
    }

    private static TokenAuth.CreateRequest createRequest(JsonNode body, boolean orphanEndpoint) {
        Map<String, String> meta = new LinkedHashMap<>();
        body.path("meta").fields().forEachRemaining(field -> meta.put(field.getKey(), field.getValue().asText()));
        return new TokenAuth.CreateRequest(strings(body, "policies"), meta, duration(body, "ttl"),
                duration(body, "explicit_max_ttl"), body.path("display_name").asText(""),
                orphanEndpoint || body.path("no_parent").asBoolean(false), body.path("no_default_policy").asBoolean(false),
                body.path("renewable").asBoolean(true));
    }

    static VaultReply created(TokenAuth.Token token) {
        Map<String, Object> authBlock = new LinkedHashMap<>();
        authBlock.put("client_token", token.id());
        authBlock.put("accessor", token.accessor());
        authBlock.put("policies", token.policies());
        authBlock.put("token_policies", token.policies());
        authBlock.put("metadata", token.meta().isEmpty() ? null : token.meta());
        authBlock.put("lease_duration", token.creationTtl().toSeconds());
        authBlock.put("renewable", token.renewable());
        authBlock.put("entity_id", "");
        authBlock.put("token_type", "service");
        authBlock.put("orphan", token.orphan());
        authBlock.put("mfa_requirement", null);
        authBlock.put("num_uses", 0);
        return VaultReply.auth(authBlock);
    }

    private static void authorize(Acl acl, String path, Capability capability) {
        NamedObjectRoutes.authorize(acl, path, capability);
    }

    private static void requirePost(String method) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            throw new VaultRequestRejected(405, List.of("unsupported operation"));
        }
    }

    private static void requireList(String method) {
        if (!method.equals("LIST") && !method.equals("GET")) {
            throw new VaultRequestRejected(405, List.of("unsupported operation"));
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw VaultRequestRejected.badRequest("missing required field \"" + field + "\"");
        }
        return value.asText();
    }

    /** Vault takes a list or a comma-separated string for its list parameters. */
    static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.path(field);
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> values.add(item.asText().trim()));
        } else if (value.isTextual()) {
            for (String item : value.asText().split(",")) {
                values.add(item.trim());
            }
        }
        values.removeIf(String::isEmpty);
        return values;
    }

    static Duration duration(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Duration.ZERO;
        }
        return VaultDurations.parse(field, value.isNumber() ? (Object) value.asLong() : value.asText());
    }
}

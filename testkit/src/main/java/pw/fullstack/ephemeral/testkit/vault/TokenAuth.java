package pw.fullstack.ephemeral.testkit.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Vault's token auth method and ACL policies, as far as Vault documents their observable rules:
 * tokens with policies, TTLs and accessors, children revoked with their parent unless orphan, token
 * roles bounding the policies and TTL of the tokens created through them, and named ACL policies.
 * One lock: every decision sees one consistent state.
 */
final class TokenAuth {

    /** Vault's default system max TTL. */
    static final Duration SYSTEM_MAX_TTL = Duration.ofHours(768);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Token> byId = new LinkedHashMap<>();
    private final Map<String, AclPolicy> policies = new TreeMap<>();
    private final Map<String, TokenRole> roles = new TreeMap<>();

    TokenAuth(String rootToken, Clock clock) {
        this.clock = clock;
        Instant now = clock.instant();
        byId.put(rootToken, new Token(rootToken, randomId(), List.of(AclPolicy.ROOT), null, true, now, null,
                Duration.ZERO, "root", Map.of(), null, false, null, "auth/token/root"));
        policies.put(AclPolicy.DEFAULT, AclPolicy.BUILT_IN_DEFAULT);
    }

    /**
     * @param maxExpires the latest a renewal may extend it to ({@code null}: never expires)
     * @param path       the request path that created it, as {@code lookup} reports it
     */
    record Token(String id, String accessor, List<String> policies, String parentId, boolean orphan, Instant created,
            Instant expires, Duration creationTtl, String displayName, Map<String, String> meta, String role,
            boolean renewable, Instant maxExpires, String path) {

        boolean liveAt(Instant now) {
            return expires == null || now.isBefore(expires);
        }
    }

    /** What a create request asks for; {@code ttl} and {@code explicitMaxTtl} are zero when not given. */
    record CreateRequest(List<String> policies, Map<String, String> meta, Duration ttl, Duration explicitMaxTtl,
            String displayName, boolean noParent, boolean noDefaultPolicy, boolean renewable) {
    }

    Instant now() {
        return clock.instant();
    }

    synchronized Token authenticate(String id) {
        Token token = id == null ? null : byId.get(id);
        if (token == null || !token.liveAt(clock.instant())) {
            throw new VaultRequestRejected(403, List.of(VaultRequestRejected.PERMISSION_DENIED));
        }
        return token;
    }

    synchronized Acl aclOf(Token token) {
        List<AclPolicy> attached = new ArrayList<>();
        for (String name : token.policies()) {
            if (name.equals(AclPolicy.ROOT)) {
                attached.add(new AclPolicy(AclPolicy.ROOT, "", List.of()));
            } else {
                // A policy deleted after the token was made grants nothing any more, as in Vault.
                Optional.ofNullable(policies.get(name)).ifPresent(attached::add);
            }
        }
        return Acl.of(attached);
    }

    // ---- policies -------------------------------------------------------------------------

    synchronized boolean hasPolicy(String name) {
        return policies.containsKey(name);
    }

    synchronized Optional<AclPolicy> policy(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    synchronized void putPolicy(AclPolicy policy) {
        if (policy.name().equals(AclPolicy.ROOT)) {
            throw VaultRequestRejected.badRequest("cannot update \"root\" policy");
        }
        policies.put(policy.name(), policy);
    }

    synchronized void deletePolicy(String name) {
        if (name.equals(AclPolicy.ROOT) || name.equals(AclPolicy.DEFAULT)) {
            throw VaultRequestRejected.badRequest("cannot delete \"" + name + "\" policy");
        }
        policies.remove(name);
    }

    synchronized List<String> policyNames() {
        List<String> names = new ArrayList<>(policies.keySet());
        names.add(AclPolicy.ROOT);
        return names.stream().sorted().toList();
    }

    // ---- roles ----------------------------------------------------------------------------

    synchronized boolean hasRole(String name) {
        return roles.containsKey(name);
    }

    synchronized Optional<TokenRole> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    synchronized void putRole(TokenRole role) {
        roles.put(role.name(), role);
    }

    synchronized void deleteRole(String name) {
        roles.remove(name);
    }

    synchronized List<String> roleNames() {
        return List.copyOf(roles.keySet());
    }

    // ---- tokens ---------------------------------------------------------------------------

    synchronized Token create(Token parent, CreateRequest request, TokenRole role) {
        boolean parentIsRoot = parent.policies().contains(AclPolicy.ROOT);
        TreeSet<String> granted = new TreeSet<>(request.policies());
        granted.remove(AclPolicy.DEFAULT);
        boolean orphan;
        if (role != null) {
            if (granted.isEmpty()) {
                granted.addAll(role.allowedPolicies().isEmpty() ? parent.policies() : role.allowedPolicies());
                granted.remove(AclPolicy.DEFAULT);
            } else if (role.restrictsPolicies() && !granted.stream().allMatch(role::allows)) {
                throw VaultRequestRejected.badRequest("token policies (" + granted + ") must be subset of the role's allowed policies ("
                        + role.allowedPolicies() + ") or glob policies (" + role.allowedPoliciesGlob() + ")");
            }
            for (String policy : granted) {
                if (role.disallows(policy)) {
                    throw VaultRequestRejected.badRequest("token policy " + policy + " is disallowed by this role");
                }
            }
            orphan = role.orphan();
        } else {
            if (granted.isEmpty()) {
                granted.addAll(parent.policies());
                granted.remove(AclPolicy.DEFAULT);
            } else if (!parentIsRoot && !parent.policies().containsAll(granted)) {
                throw VaultRequestRejected.badRequest("child policies must be subset of parent");
            }
            if (request.noParent() && !parentIsRoot) {
                throw VaultRequestRejected.badRequest("root or sudo privileges required to create orphan token");
            }
            orphan = request.noParent();
        }
        if (granted.contains(AclPolicy.ROOT) && !parentIsRoot) {
            throw VaultRequestRejected.badRequest("root tokens may not be created without parent token being root");
        }
        boolean noDefault = request.noDefaultPolicy() || (role != null && (role.noDefaultPolicy()
                || role.disallows(AclPolicy.DEFAULT)));
        List<String> tokenPolicies = new ArrayList<>(granted);
        if (!noDefault && !granted.contains(AclPolicy.ROOT)) {
            tokenPolicies.add(AclPolicy.DEFAULT);
        }
        Duration ttl = ttl(request, role);
        Instant now = clock.instant();
        Token token = new Token("hvs." + randomId(), randomId(), tokenPolicies.stream().sorted().toList(),
                orphan ? null : parent.id(), orphan, now, now.plus(ttl), ttl,
                request.displayName() == null || request.displayName().isBlank() ? "token" : "token-" + request.displayName(),
                Map.copyOf(request.meta()), role == null ? null : role.name(),
                request.renewable() && (role == null || role.renewable()),
                now.plus(maxTtl(request, role)), role == null ? "auth/token/create" : "auth/token/create/" + role.name());
        byId.put(token.id(), token);
        return token;
    }

    /**
     * The token an auth method's login issues: no parent (so an orphan, as every login token), renewable up to
     * {@code maxTtl} (zero: the system's), with the {@code default} policy unless {@code noDefaultPolicy}.
     */
    synchronized Token login(String path, List<String> policies, boolean noDefaultPolicy, Duration ttl, Duration maxTtl,
            Map<String, String> meta, String displayName) {
        TreeSet<String> granted = new TreeSet<>(policies);
        if (!noDefaultPolicy) {
            granted.add(AclPolicy.DEFAULT);
        }
        Duration cap = maxTtl.isZero() || maxTtl.compareTo(SYSTEM_MAX_TTL) > 0 ? SYSTEM_MAX_TTL : maxTtl;
        Duration effective = ttl.isZero() || ttl.compareTo(cap) > 0 ? cap : ttl;
        Instant now = clock.instant();
        Token token = new Token("hvs." + randomId(), randomId(), List.copyOf(granted), null, true, now, now.plus(effective),
                effective, displayName, Map.copyOf(meta), null, true, now.plus(cap), path);
        byId.put(token.id(), token);
        return token;
    }

    /**
     * {@code auth/token/renew-self}: the TTL starts again from now ({@code increment}, or the TTL it was created
     * with), never past its max TTL.
     */
    synchronized Token renew(Token token, Duration increment) {
        if (!token.renewable() || token.expires() == null) {
            throw VaultRequestRejected.badRequest("lease is not renewable");
        }
        Instant now = clock.instant();
        Instant wanted = now.plus(increment.isZero() ? token.creationTtl() : increment);
        Instant expires = wanted.isAfter(token.maxExpires()) ? token.maxExpires() : wanted;
        Token renewed = new Token(token.id(), token.accessor(), token.policies(), token.parentId(), token.orphan(), token.created(),
                expires, Duration.between(now, expires), token.displayName(), token.meta(), token.role(), true,
                token.maxExpires(), token.path());
        byId.put(renewed.id(), renewed);
        return renewed;
    }

    private static Duration maxTtl(CreateRequest request, TokenRole role) {
        Duration cap = SYSTEM_MAX_TTL;
        if (!request.explicitMaxTtl().isZero() && request.explicitMaxTtl().compareTo(cap) < 0) {
            cap = request.explicitMaxTtl();
        }
        if (role != null && !role.tokenExplicitMaxTtl().isZero() && role.tokenExplicitMaxTtl().compareTo(cap) < 0) {
            cap = role.tokenExplicitMaxTtl();
        }
        return cap;
    }

    private static Duration ttl(CreateRequest request, TokenRole role) {
        Duration ttl = !request.ttl().isZero() ? request.ttl()
                : role != null && !role.tokenTtl().isZero() ? role.tokenTtl() : SYSTEM_MAX_TTL;
        List<Duration> caps = new ArrayList<>(List.of(SYSTEM_MAX_TTL));
        if (!request.explicitMaxTtl().isZero()) {
            caps.add(request.explicitMaxTtl());
        }
        if (role != null && !role.tokenExplicitMaxTtl().isZero()) {
            caps.add(role.tokenExplicitMaxTtl());
        }
        for (Duration cap : caps) {
            if (ttl.compareTo(cap) > 0) {
                ttl = cap;
            }
        }
        return ttl;
    }

    synchronized Optional<Token> byAccessor(String accessor) {
        Instant now = clock.instant();
        return byId.values().stream().filter(token -> token.accessor().equals(accessor) && token.liveAt(now)).findFirst();
    }

    /** Revokes the token and, recursively, every child that is not an orphan. */
    synchronized void revoke(Token token) {
        byId.remove(token.id());
        List<Token> children = byId.values().stream().filter(child -> token.id().equals(child.parentId())).toList();
        children.forEach(this::revoke);
    }

    synchronized List<IssuedToken> liveTokens() {
        Instant now = clock.instant();
        return byId.values().stream().filter(token -> token.liveAt(now)).map(this::view).toList();
    }

    private IssuedToken view(Token token) {
        Token parent = token.parentId() == null ? null : byId.get(token.parentId());
        return new IssuedToken(token.accessor(), token.policies(), token.meta(), token.expires(), token.role(),
                token.orphan(), parent == null ? null : parent.accessor());
    }

    Map<String, Object> lookupData(Token token, boolean withId) {
        Instant now = clock.instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accessor", token.accessor());
        data.put("creation_time", token.created().getEpochSecond());
        data.put("creation_ttl", token.creationTtl().toSeconds());
        data.put("display_name", token.displayName());
        data.put("entity_id", "");
        data.put("expire_time", token.expires() == null ? null : token.expires().toString());
        data.put("explicit_max_ttl", 0);
        data.put("id", withId ? token.id() : "");
        data.put("issue_time", token.created().toString());
        data.put("meta", token.meta().isEmpty() ? null : token.meta());
        data.put("num_uses", 0);
        data.put("orphan", token.orphan());
        data.put("path", token.path());
        data.put("policies", token.policies());
        data.put("renewable", token.renewable() && token.expires() != null);
        data.put("role", token.role() == null ? "" : token.role());
        data.put("ttl", token.expires() == null ? 0 : Math.max(0, Duration.between(now, token.expires()).toSeconds()));
        data.put("type", "service");
        return data;
    }

    private static String randomId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y')
                + UUID.randomUUID().toString().substring(0, 4);
    }
}

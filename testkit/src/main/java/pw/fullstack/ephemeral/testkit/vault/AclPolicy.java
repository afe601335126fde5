package pw.fullstack.ephemeral.testkit.vault;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A named ACL policy as written to {@code sys/policies/acl/<name>}: HCL or its JSON form, both of
 * which Vault accepts. Only {@code path} stanzas with {@code capabilities} are emulated; a policy
 * using another key (parameters constraints, wrapping TTLs) is refused rather than half-enforced.
 */
record AclPolicy(String name, String text, List<PathRule> rules) {

    static final String ROOT = "root";
    static final String DEFAULT = "default";

    /** The parts of Vault's built-in default policy that concern a token looking after itself. */
    static final AclPolicy BUILT_IN_DEFAULT = new AclPolicy(DEFAULT, "", List.of(
            new PathRule("auth/token/lookup-self", EnumSet.of(Capability.READ)),
            new PathRule("auth/token/renew-self", EnumSet.of(Capability.UPDATE)),
            new PathRule("auth/token/revoke-self", EnumSet.of(Capability.UPDATE)),
            new PathRule("sys/capabilities-self", EnumSet.of(Capability.UPDATE))));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EMULATED_KEYS = Set.of("capabilities");

    AclPolicy {
        rules = List.copyOf(rules);
    }

    static AclPolicy parse(String name, String text) {
        if (text == null || text.isBlank()) {
            throw VaultRequestRejected.badRequest("'policy' parameter not supplied or empty");
        }
        Map<String, Object> document = document(text);
        List<PathRule> rules = new ArrayList<>();
        for (Map.Entry<String, Object> top : document.entrySet()) {
            if (!top.getKey().equals("path")) {
                throw unparsable("unsupported top-level key \"" + top.getKey() + "\"");
            }
            if (!(top.getValue() instanceof Map<?, ?> paths)) {
                throw unparsable("path must name a pattern");
            }
            for (Map.Entry<?, ?> path : paths.entrySet()) {
                rules.add(rule(String.valueOf(path.getKey()), path.getValue()));
            }
        }
        return new AclPolicy(name, text, rules);
    }

    private static PathRule rule(String pattern, Object body) {
        if (!(body instanceof Map<?, ?> stanza)) {
            throw unparsable("path \"" + pattern + "\" has no body");
        }
        for (Object key : stanza.keySet()) {
            if (!EMULATED_KEYS.contains(String.valueOf(key))) {
                throw unparsable("path \"" + pattern + "\": \"" + key + "\" is valid in Vault but not enforced by the emulator");
            }
        }
        Object capabilities = stanza.get("capabilities");
        if (!(capabilities instanceof List<?> list)) {
            throw unparsable("path \"" + pattern + "\": capabilities must be a list");
        }
        Set<Capability> parsed = EnumSet.noneOf(Capability.class);
        for (Object capability : list) {
            parsed.add(Capability.parse(String.valueOf(capability)));
        }
        return new PathRule(pattern, parsed);
    }

    private static Map<String, Object> document(String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("{")) {
                return JSON.readValue(trimmed, new TypeReference<Map<String, Object>>() {
                });
            }
            return new HCLParser().parse(trimmed);
        } catch (JsonProcessingException e) {
            throw unparsable(e.getOriginalMessage());
        } catch (Exception e) {
            throw unparsable(String.valueOf(e.getMessage()));
        }
    }

    private static VaultRequestRejected unparsable(String why) {
        return VaultRequestRejected.badRequest("failed to parse policy: " + why);
    }
}

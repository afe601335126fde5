package pw.fullstack.ephemeral.testkit.vault;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The capabilities a set of policies grants on a path, as Vault decides them: stanzas with the same
 * pattern are merged across policies, the highest-priority matching pattern alone decides, and
 * {@code deny} in it takes everything away. No matching pattern means no capability.
 */
record Acl(Map<String, Set<Capability>> byPattern, boolean root) {

    static Acl of(Collection<AclPolicy> policies) {
        Map<String, Set<Capability>> merged = new TreeMap<>();
        boolean root = false;
        for (AclPolicy policy : policies) {
            root |= policy.name().equals(AclPolicy.ROOT);
            for (PathRule rule : policy.rules()) {
                merged.computeIfAbsent(rule.pattern(), pattern -> EnumSet.noneOf(Capability.class)).addAll(rule.capabilities());
            }
        }
        return new Acl(merged, root);
    }

    boolean allows(String path, Capability capability) {
        if (root) {
            return true;
        }
        Set<Capability> granted = capabilities(path);
        return !granted.contains(Capability.DENY) && granted.contains(capability);
    }

    Set<Capability> capabilities(String path) {
        if (root) {
            return EnumSet.complementOf(EnumSet.of(Capability.DENY));
        }
        Optional<String> decisive = byPattern.keySet().stream()
                .filter(pattern -> new PathRule(pattern, Set.of()).matches(path))
                .max(PathRule.PRIORITY);
        return decisive.map(byPattern::get).map(EnumSet::copyOf).orElseGet(() -> EnumSet.noneOf(Capability.class));
    }
}

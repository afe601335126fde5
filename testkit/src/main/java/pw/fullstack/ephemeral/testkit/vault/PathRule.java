package pw.fullstack.ephemeral.testkit.vault;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;

/**
 * One {@code path "<pattern>" { capabilities = [...] }} stanza. A pattern is an exact path, may end
 * with {@code *} (any suffix) and may hold {@code +} as one whole path segment, as Vault documents.
 */
record PathRule(String pattern, Set<Capability> capabilities) {

    PathRule {
        if (pattern.startsWith("/")) {
            pattern = pattern.substring(1);
        }
        capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    boolean matches(String path) {
        boolean glob = pattern.endsWith("*");
        String fixed = glob ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!fixed.contains("+")) {
            return glob ? path.startsWith(fixed) : path.equals(fixed);
        }
        String[] wanted = fixed.split("/", -1);
        String[] given = path.split("/", -1);
        if (given.length < wanted.length || (!glob && given.length != wanted.length)) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            boolean last = i == wanted.length - 1;
            if (wanted[i].equals("+")) {
                if (given[i].isEmpty()) {
                    return false;
                }
            } else if (last && glob) {
                String rest = String.join("/", java.util.Arrays.copyOfRange(given, i, given.length));
                return rest.startsWith(wanted[i]);
            } else if (!wanted[i].equals(given[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Vault's priority between two patterns that both match (the lower one loses): the first
     * wildcard further along wins; a pattern not ending in {@code *} wins; fewer {@code +} wins; the
     * longer pattern wins; then the lexicographically larger one.
     */
    static final Comparator<String> PRIORITY = Comparator
            .comparingInt(PathRule::firstWildcard)
            .thenComparing(pattern -> !pattern.endsWith("*"))
            .thenComparing(Comparator.comparingLong(PathRule::plusCount).reversed())
            .thenComparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    private static int firstWildcard(String pattern) {
        int plus = pattern.indexOf('+');
        int star = pattern.indexOf('*');
        int first = plus < 0 ? star : star < 0 ? plus : Math.min(plus, star);
        return first < 0 ? Integer.MAX_VALUE : first;
    }

    private static long plusCount(String pattern) {
        return pattern.chars().filter(c -> c == '+').count();
    }
}

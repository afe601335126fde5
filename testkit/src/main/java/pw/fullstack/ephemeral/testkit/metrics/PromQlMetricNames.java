package pw.fullstack.ephemeral.testkit.metrics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, for checking alert rules and dashboards against what the services
 * export. Label matchers (<code>{...}</code>), range and subquery brackets ({@code [5m]}, {@code [30m:1m]}), string
 * literals, Grafana variables ({@code $__rate_interval}, {@code ${datasource}}) and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are dropped;
 * of the identifiers left, those followed by {@code (} are functions or aggregations, and keywords
 * ({@code and}, {@code or}, {@code unless}, {@code offset}, {@code bool}, ...) are not names. Numbers and durations
 * ({@code 0.9}, {@code 1e3}, {@code 30m}) are read whole, so their letters are never taken for a name. A histogram's
 * {@code _bucket}, {@code _count} and {@code _sum} series are names of their own, as in the exposition.
 */
public final class PromQlMetricNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "atan2", "inf", "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private PromQlMetricNames() {
    }

    public static Set<String> of(String expression) {
        String rest = STRINGS.matcher(expression).replaceAll(" ");
        rest = GRAFANA_VARIABLES.matcher(rest).replaceAll(" ");
        rest = dropBracketed(rest, '{', '}');
        rest = dropBracketed(rest, '[', ']');
        rest = LABEL_LISTS.matcher(rest).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (Character.isDigit(c) || (c == '.' && i + 1 < rest.length() && Character.isDigit(rest.charAt(i + 1)))) {
                // a number or a duration, letters included (1e3, 0x1f, 30m, 1h30m)
                while (i < rest.length() && (Character.isLetterOrDigit(rest.charAt(i)) || rest.charAt(i) == '.' || rest.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < rest.length() && (Character.isLetterOrDigit(rest.charAt(i)) || rest.charAt(i) == '_' || rest.charAt(i) == ':')) {
                    i++;
                }
                String identifier = rest.substring(start, i);
                int next = i;
                while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
                    next++;
                }
                boolean call = next < rest.length() && rest.charAt(next) == '(';
                if (!call && !KEYWORDS.contains(identifier.toLowerCase())) {
                    names.add(identifier);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static String dropBracketed(String text, char open, char close) {
        StringBuilder kept = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == open) {
                depth++;
                kept.append(' ');
            } else if (c == close && depth > 0) {
                depth--;
                kept.append(' ');
            } else if (depth == 0) {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}

package pw.fullstack.ephemeral.templates;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${NAME}} placeholders, envsubst-compatible for templates that only use that
 * form, but strict where envsubst is lenient:
 *
 * <ul>
 *   <li>a placeholder whose name is not in the known set is an error naming it;</li>
 *   <li>a known placeholder without a value, or with an empty value, is an error naming it — unless the
 *       caller names it as one whose empty value means something (e.g. "detect it");</li>
 *   <li>{@code $NAME} without braces and a malformed {@code ${...}} are errors (envsubst would
 *       substitute the first and leave the second, silently);</li>
 *   <li>substitution is a single pass: a value is never scanned again, so a value containing
 *       {@code ${...}} cannot pull in another variable (the values' validators reject {@code $}
 *       anyway).</li>
 * </ul>
 *
 * Validating the values themselves is the caller's job (see {@link ClusterTemplateValues}).
 */
public final class StrictTemplateRenderer {

    private static final Pattern DOLLAR = Pattern.compile("\\$(\\{([^}\\n]*)}?|[A-Za-z_])");
    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private StrictTemplateRenderer() {
    }

    public static String render(String templateName, String template, Set<String> knownNames,
                                Map<String, String> values) {
        return render(templateName, template, knownNames, values, Set.of());
    }

    /** As {@link #render(String, String, Set, Map)}; the variables in {@code mayBeEmpty} may render as "". */
    public static String render(String templateName, String template, Set<String> knownNames,
                                Map<String, String> values, Set<String> mayBeEmpty) {
        Matcher matcher = DOLLAR.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        Set<String> missing = new TreeSet<>();
        while (matcher.find()) {
            String braced = matcher.group(2);
            int line = lineOf(template, matcher.start());
            if (braced == null) {
                throw new TemplateException(templateName + " line " + line
                        + ": bare $NAME placeholder; use ${NAME}");
            }
            if (!matcher.group(1).endsWith("}") || !NAME.matcher(braced).matches()) {
                throw new TemplateException(templateName + " line " + line + ": malformed placeholder");
            }
            if (!knownNames.contains(braced)) {
                throw new TemplateException(templateName + " line " + line + ": unknown variable " + braced);
            }
            String value = values.get(braced);
            if (value != null && value.isEmpty() && mayBeEmpty.contains(braced)) {
                matcher.appendReplacement(out, "");
                continue;
            }
            if (value == null || value.isEmpty()) {
                missing.add(braced);
                matcher.appendReplacement(out, "");
                continue;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        if (!missing.isEmpty()) {
            throw new TemplateException(templateName + ": missing or empty variable" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}

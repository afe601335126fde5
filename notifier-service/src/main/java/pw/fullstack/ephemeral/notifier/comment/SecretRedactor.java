package pw.fullstack.ephemeral.notifier.comment;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes what looks like a credential from text that came from another service (failure reasons)
 * before it reaches a PR comment: GitHub tokens, JWTs, PEM keys, Vault tokens, AWS keys, bearer
 * headers and {@code password=...}-style pairs. A safety net, not a licence to put secrets in events.
 */
public final class SecretRedactor {

    static final String REDACTED = "[redacted]";

    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("-----BEGIN [A-Z0-9 ]+-----[\\s\\S]*?(-----END [A-Z0-9 ]+-----|$)"),
            Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
            Pattern.compile("\\b(hvs|hvb|hvr)\\.[A-Za-z0-9_-]{16,}"),
            Pattern.compile("\\bs\\.[A-Za-z0-9]{24}\\b"),
            Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
            Pattern.compile("(?i)\\b(bearer|token|basic)\\s+[A-Za-z0-9._~+/=-]{12,}"));

    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");

    private SecretRedactor() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Pattern secret : SECRETS) {
            result = secret.matcher(result).replaceAll(REDACTED);
        }
        return KEY_VALUE.matcher(result).replaceAll("$1$2" + REDACTED);
    }
}

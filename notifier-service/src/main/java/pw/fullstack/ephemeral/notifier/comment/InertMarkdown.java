package pw.fullstack.ephemeral.notifier.comment;

/**
 * Puts text from outside (failure reasons, phase names, branch names) into a PR comment so that
 * GitHub renders it as nothing but text: a code span. Inside a code span GitHub turns no
 * {@code @mention} into a notification, no {@code #123} or URL into a link, no HTML into markup and
 * no emphasis into formatting. What could break out of the span is removed first: line breaks
 * (a code span is one line; a blank line would end it), control and format characters (including
 * bidirectional overrides and zero-width characters), and the fence is one backtick longer than the
 * longest backtick run in the text. Pipes are escaped too, so a span may sit in a table cell.
 */
public final class InertMarkdown {

    private InertMarkdown() {
    }

    /** The text, one line, at most {@code maxLength} characters, as a code span; {@code —} when empty. */
    public static String code(String text, int maxLength) {
        String line = oneLine(text);
        if (line.isEmpty()) {
            return "—";
        }
        if (line.codePointCount(0, line.length()) > maxLength) {
            line = line.substring(0, line.offsetByCodePoints(0, maxLength)) + "…";
        }
        String fence = "`".repeat(longestBacktickRun(line) + 1);
        // A span whose content starts or ends with a backtick needs a space inside the fence (CommonMark strips one).
        String padded = line.startsWith("`") || line.endsWith("`") || line.startsWith(" ") || line.endsWith(" ")
                ? " " + line + " " : line;
        return fence + padded.replace("|", "\\|") + fence;
    }

    /** Line breaks and tabs become spaces; other control and format characters go; runs of spaces shrink to one. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029) {
                out.append(' ');
            } else if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                // dropped
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}

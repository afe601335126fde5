package pw.fullstack.ephemeral.notifier.github;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitHub's pagination: whether a {@code Link} header has a {@code rel="next"} page. */
public final class LinkHeader {

    private static final Pattern NEXT = Pattern.compile("<[^>]*>\\s*;\\s*rel=\"([^\"]*\\s)?next(\\s[^\"]*)?\"");

    private LinkHeader() {
    }

    public static boolean hasNext(String link) {
        if (link == null) {
            return false;
        }
        Matcher m = NEXT.matcher(link);
        return m.find();
    }
}

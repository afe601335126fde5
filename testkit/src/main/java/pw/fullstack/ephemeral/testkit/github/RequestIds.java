package pw.fullstack.ephemeral.testkit.github;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** GitHub-like {@code x-github-request-id} values. */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of().withUpperCase();
        return hex.toHexDigits((short) random.nextInt()) + ":" + hex.toHexDigits(random.nextInt()) + ":"
                + hex.toHexDigits(random.nextInt());
    }
}

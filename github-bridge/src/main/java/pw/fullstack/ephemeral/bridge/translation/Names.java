package pw.fullstack.ephemeral.bridge.translation;

import java.util.regex.Pattern;

/** Renders names taken from a payload (actions, dispatch types) into replies only when they look like names. */
final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Names() {
    }

    static String shown(String name) {
        return name != null && NAME.matcher(name).matches() ? name : "(unrecognised)";
    }
}

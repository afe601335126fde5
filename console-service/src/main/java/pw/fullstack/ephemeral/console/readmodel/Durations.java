package pw.fullstack.ephemeral.console.readmodel;

import java.time.Duration;

/** Durations as people read them on the page: {@code 850 ms}, {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 10 min}, {@code 3 d 4 h}. */
public final class Durations {

    private Durations() {
    }

    public static String words(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = Math.abs(duration.toMillis());
        String sign = duration.isNegative() ? "-" : "";
        if (millis < 1000) {
            return sign + millis + " ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return sign + seconds + " s";
        }
        if (seconds < 3600) {
            return sign + seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        if (seconds < 86400) {
            return sign + seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
        }
        return sign + seconds / 86400 + " d" + (seconds % 86400 / 3600 == 0 ? "" : " " + seconds % 86400 / 3600 + " h");
    }
}

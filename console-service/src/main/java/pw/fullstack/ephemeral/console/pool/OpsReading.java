package pw.fullstack.ephemeral.console.pool;

/**
 * The last answer of one ops listing: its value, or why there is none (the service unreachable, an error status).
 * Either way the page says which.
 */
public record OpsReading<T>(T value, String error) {

    public static <T> OpsReading<T> of(T value) {
        return new OpsReading<>(value, null);
    }

    public static <T> OpsReading<T> failed(String error) {
        return new OpsReading<>(null, error);
    }

    public boolean ok() {
        return error == null;
    }
}

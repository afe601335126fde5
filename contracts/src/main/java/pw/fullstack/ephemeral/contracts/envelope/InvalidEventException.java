package pw.fullstack.ephemeral.contracts.envelope;

/**
 * A Kafka record that is not a valid lifecycle event. Its message is the reason that goes with
 * the record to the dead-letter topic; it never contains the record's payload.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

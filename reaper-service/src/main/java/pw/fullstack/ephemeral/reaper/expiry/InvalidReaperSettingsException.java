package pw.fullstack.ephemeral.reaper.expiry;

/** A setting that would make the reaper misbehave; the message names it. Stops start-up. */
public class InvalidReaperSettingsException extends RuntimeException {

    public InvalidReaperSettingsException(String message) {
        super(message);
    }
}

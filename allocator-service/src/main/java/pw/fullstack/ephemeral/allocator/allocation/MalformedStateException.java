package pw.fullstack.ephemeral.allocator.allocation;

/**
 * A document in the store could not be understood (a field of the wrong type, an unparseable time
 * or address). Not transient: retrying cannot help, so the event that needed the document goes to
 * the dead-letter topic with this message, readiness names the document, and the other events flow.
 * The message names the field and quotes nothing secret (these documents hold no secrets).
 */
public class MalformedStateException extends RuntimeException {

    private final String document;

    public MalformedStateException(String document, String problem) {
        super("Vault document " + document + " is malformed: " + problem);
        this.document = document;
    }

    /** The document's path in the store, for health. */
    public String document() {
        return document;
    }
}

package pw.fullstack.ephemeral.allocator.health;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vault documents an event handler found malformed (its event went to the dead-letter topic).
 * Readiness reports them until a re-read parses again, i.e. until someone repaired the document.
 */
@Singleton
public class MalformedDocuments {

    private final Map<String, String> documents = new TreeMap<>();

    public synchronized void found(String document, String problem) {
        documents.put(document, problem);
    }

    public synchronized void repaired(String document) {
        documents.remove(document);
    }

    public synchronized Map<String, String> current() {
        return Map.copyOf(documents);
    }
}

package pw.fullstack.ephemeral.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The newest {@code capacity} entries put, the oldest forgotten first; thread-safe. For what the bridge remembers of deliveries. */
public final class NewestEntries<K, V> {

    private final Map<K, V> entries;

    public NewestEntries(int capacity) {
        int bound = Math.max(0, capacity);
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > bound;
            }
        };
    }

    public synchronized void put(K key, V value) {
        entries.remove(key);
        entries.put(key, value);
    }

    public synchronized Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }
}

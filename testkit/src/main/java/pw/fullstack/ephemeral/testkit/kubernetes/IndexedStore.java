package pw.fullstack.ephemeral.testkit.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mock API server's object store (what fabric8's CRUD dispatcher keeps in its {@code map}: attributes of
 * an object → its JSON), indexed by resource (plural) and namespace, so that a GET or a lookup for a write
 * looks only at the objects of its resource and namespace instead of every object stored — the tools mock
 * holds a few dozen objects per environment plus its CRDs, and every request scanned them all. Lookups
 * answer what a scan would, in the same order (insertion order of the key, as fabric8's
 * {@code LinkedHashMap}); a key without a plural (never stored by the dispatcher) is found by scans only.
 * Thread-safe as {@code Collections.synchronizedMap}, which it replaces: every method locks the store.
 */
final class IndexedStore extends AbstractMap<AttributeSet, String> {

    private static final String NO_NAMESPACE = "";

    private final Map<AttributeSet, Entry> entries = new HashMap<>();
    private final Map<String, Map<String, Set<AttributeSet>>> byPluralAndNamespace = new HashMap<>();
    private long nextSequence;

    /** A stored value and when its key was first put (its place in iteration order). */
    private record Entry(long sequence, String value) {
    }

    @Override
    public synchronized String get(Object key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public synchronized String put(AttributeSet key, String value) {
        Entry old = entries.get(key);
        entries.put(key, new Entry(old == null ? nextSequence++ : old.sequence(), value));
        if (old == null) {
            bucket(valueOf(key, KubernetesAttributesExtractor.PLURAL), namespaceOf(key)).add(key);
        }
        return old == null ? null : old.value();
    }

    @Override
    public synchronized String remove(Object key) {
        Entry old = entries.remove(key);
        if (old != null && key instanceof AttributeSet attributes) {
            String plural = valueOf(attributes, KubernetesAttributesExtractor.PLURAL);
            Map<String, Set<AttributeSet>> byNamespace = byPluralAndNamespace.get(plural);
            if (byNamespace != null) {
                Set<AttributeSet> keys = byNamespace.get(namespaceOf(attributes));
                if (keys != null) {
                    keys.remove(attributes);
                }
            }
        }
        return old == null ? null : old.value();
    }

    @Override
    public synchronized void clear() {
        entries.clear();
        byPluralAndNamespace.clear();
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    /** A snapshot, in insertion order: what fabric8's scans (watch start, delete) iterate over. */
    @Override
    public synchronized Set<Map.Entry<AttributeSet, String>> entrySet() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(sorted(entries.keySet())));
    }

    /**
     * The entries whose key matches {@code query}, in insertion order: what a scan of every entry finds, looking
     * only at the query's resource (and namespace, if it names one).
     */
    synchronized List<Map.Entry<AttributeSet, String>> matching(AttributeSet query) {
        String plural = valueOf(query, KubernetesAttributesExtractor.PLURAL);
        if (plural == null) {
            return sorted(entries.keySet()).stream().filter(e -> e.getKey().matches(query)).toList();
        }
        Map<String, Set<AttributeSet>> byNamespace = byPluralAndNamespace.getOrDefault(plural, Map.of());
        String namespace = valueOf(query, KubernetesAttributesExtractor.NAMESPACE);
        List<AttributeSet> candidates = new ArrayList<>();
        if (namespace != null) {
            candidates.addAll(byNamespace.getOrDefault(namespace, Set.of()));
        } else {
            byNamespace.values().forEach(candidates::addAll);
        }
        return sorted(candidates.stream().filter(key -> key.matches(query)).toList());
    }

    /** The entries of every resource in {@code namespace}, in insertion order. */
    synchronized List<Map.Entry<AttributeSet, String>> inNamespace(String namespace) {
        List<AttributeSet> keys = new ArrayList<>();
        byPluralAndNamespace.values().forEach(byNamespace -> keys.addAll(byNamespace.getOrDefault(namespace, Set.of())));
        return sorted(keys);
    }

    private List<Map.Entry<AttributeSet, String>> sorted(java.util.Collection<AttributeSet> keys) {
        return keys.stream().sorted(Comparator.comparingLong(key -> entries.get(key).sequence()))
                .map(key -> (Map.Entry<AttributeSet, String>) new SimpleImmutableEntry<>(key, entries.get(key).value()))
                .toList();
    }

    private Set<AttributeSet> bucket(String plural, String namespace) {
        return byPluralAndNamespace.computeIfAbsent(plural == null ? NO_NAMESPACE : plural, p -> new HashMap<>())
                .computeIfAbsent(namespace, n -> new LinkedHashSet<>());
    }

    private static String namespaceOf(AttributeSet key) {
        String namespace = valueOf(key, KubernetesAttributesExtractor.NAMESPACE);
        return namespace == null ? NO_NAMESPACE : namespace;
    }

    /** The single value of an attribute the dispatcher sets from a path or an object (plural, namespace). */
    private static String valueOf(AttributeSet key, String name) {
        Attribute attribute = key.getAttribute(name);
        return attribute == null || attribute.getValues().size() != 1 ? null : attribute.getValues().get(0).toString();
    }
}

package pw.fullstack.ephemeral.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexedStoreTest {

    private static final KubernetesAttributesExtractor ATTRIBUTES = new KubernetesAttributesExtractor();
    private static final List<String> NAMESPACES = List.of("pr-a-1", "pr-b-2", "pr-c-3");
    private static final List<String> QUERIES = List.of(
            "/api/v1/namespaces/pr-a-1/configmaps", "/api/v1/namespaces/pr-b-2/configmaps/cm-3", "/api/v1/configmaps",
            "/api/v1/namespaces/pr-c-3/secrets", "/api/v1/secrets?labelSelector=tier%3Dweb", "/api/v1/namespaces/pr-a-1/configmaps?labelSelector=tier%3Ddb",
            "/api/v1/namespaces/pr-a-1/configmaps?labelSelector=tier", "/api/v1/namespaces/nowhere/configmaps",
            "/api/v1/namespaces/pr-a-1/secrets/s-1?fieldSelector=metadata.name%3Ds-1");

    private static HasMetadata object(Random random, int i) {
        String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
        Map<String, String> labels = Map.of("tier", random.nextBoolean() ? "web" : "db");
        if (random.nextBoolean()) {
            return new ConfigMapBuilder().withNewMetadata().withName("cm-" + (i % 7)).withNamespace(namespace).withLabels(labels)
                    .endMetadata().addToData("n", Integer.toString(i)).build();
        }
        return new SecretBuilder().withNewMetadata().withName("s-" + (i % 5)).withNamespace(namespace).withLabels(labels)
                .endMetadata().build();
    }

    private static List<Map.Entry<AttributeSet, String>> scan(IndexedStore store, AttributeSet query) {
        return store.entrySet().stream().filter(entry -> entry.getKey().matches(query)).toList();
    }

    @Test
    void findsWhatAScanOfEveryObjectFindsInTheSameOrderThroughPutsUpdatesAndRemovals() {
        IndexedStore store = new IndexedStore();
        Random random = new Random(21);
        List<AttributeSet> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int operation = random.nextInt(10);
            if (operation < 2 && !keys.isEmpty()) {
                // what fabric8's processEvent does with a delete, or with an update before it puts the new state
                store.remove(keys.remove(random.nextInt(keys.size())));
            } else {
                HasMetadata object = object(random, i);
                AttributeSet key = ATTRIBUTES.extract(object);
                store.put(key, "{\"n\":" + i + "}");
                keys.add(key);
            }
            for (String path : QUERIES) {
                AttributeSet query = ATTRIBUTES.fromPath(path);
                assertThat(store.matching(query)).as("%s after operation %d", path, i).isEqualTo(scan(store, query));
            }
        }
        assertThat(store.size()).isEqualTo(store.entrySet().size());
    }

    @Test
    void anObjectPutAgainAfterItsRemovalComesLastAsInFabric8sLinkedHashMap() {
        IndexedStore store = new IndexedStore();
        ConfigMap first = new ConfigMapBuilder().withNewMetadata().withName("first").withNamespace("ns").endMetadata().build();
        ConfigMap second = new ConfigMapBuilder().withNewMetadata().withName("second").withNamespace("ns").endMetadata().build();
        store.put(ATTRIBUTES.extract(first), "first v1");
        store.put(ATTRIBUTES.extract(second), "second v1");

        store.remove(ATTRIBUTES.extract(first));
        store.put(ATTRIBUTES.extract(first), "first v2");
        store.put(ATTRIBUTES.extract(second), "second v2");

        assertThat(store.matching(ATTRIBUTES.fromPath("/api/v1/namespaces/ns/configmaps")).stream().map(Map.Entry::getValue))
                .containsExactly("second v2", "first v2");
        assertThat(store.inNamespace("ns")).hasSize(2);
        assertThat(store.inNamespace("other")).isEmpty();
    }
}

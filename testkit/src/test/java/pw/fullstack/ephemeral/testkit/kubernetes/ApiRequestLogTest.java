package pw.fullstack.ephemeral.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the mock records of each request: the authorizer's view (verb, group, resource, namespace, name) and whose it was. */
class ApiRequestLogTest {

    private MockKubernetesCluster cluster;
    private KubernetesClient service;

    @BeforeEach
    void start() {
        cluster = MockKubernetesCluster.builder().withoutCrds().start();
        Config config = new ConfigBuilder(Config.fromKubeconfig(cluster.kubeconfig("svc"))).withOauthToken("service-token").build();
        service = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        service.close();
        cluster.close();
    }

    @Test
    void recordsEveryVerbTheAuthorizerWouldSeeWithTheTokenThatMadeIt() throws Exception {
        service.configMaps().inNamespace("default").resource(configMap("a")).create();
        service.configMaps().inNamespace("default").withName("a").get();
        service.configMaps().inNamespace("default").list();
        service.configMaps().inAnyNamespace().list();
        service.configMaps().inNamespace("default").withName("a").edit(c -> {
            c.getData().put("k", "w");
            return c;
        });
        service.configMaps().inNamespace("default").resource(configMap("a")).update();
        try (var watch = service.configMaps().inNamespace("default").watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.requests().by("service-token").stream()
                    .anyMatch(r -> r.verb().equals("watch")));
        }
        service.configMaps().inNamespace("default").withName("a").delete();
        service.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("pr-x").endMetadata().build()).create();
        service.namespaces().withName("pr-x").get();
        cluster.client().configMaps().inNamespace("default").list();

        List<ApiRequest> mine = cluster.requests().by("service-token").stream().filter(ApiRequest::isResourceRequest).toList();
        assertThat(mine).extracting(ApiRequest::verb).containsSubsequence("create", "get", "list", "list", "get", "patch",
                "update", "watch", "delete", "create", "get");
        assertThat(mine.get(0)).satisfies(create -> {
            assertThat(create.group()).isEmpty();
            assertThat(create.resource()).isEqualTo("configmaps");
            assertThat(create.namespace()).isEqualTo("default");
            assertThat(create.name()).as("a create names no object for the authorizer").isNull();
            assertThat(create.status()).isEqualTo(201);
        });
        assertThat(mine).filteredOn(r -> r.verb().equals("list") && r.namespace() == null).hasSize(1);
        assertThat(mine).filteredOn(r -> r.resource().equals("namespaces"))
                .allSatisfy(r -> assertThat(r.namespace()).as("a namespace is cluster-scoped").isNull())
                .anySatisfy(r -> assertThat(r.name()).isEqualTo("pr-x"));
        assertThat(cluster.requests().by("service-token")).noneMatch(r -> r.credential().isEmpty())
                .hasSizeLessThan(cluster.requests().all().size());
    }

    @Test
    void countsAWatchAsOpenUntilTheClientClosesIt() {
        var labelled = service.configMaps().inNamespace("default").withLabel("app", "a").watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openWatches().size() == 1);
        assertThat(cluster.openWatches().get(0)).satisfies(watch -> {
            assertThat(watch.credential()).isEqualTo("service-token");
            assertThat(watch.resource()).isEqualTo("configmaps");
            assertThat(watch.namespace()).isEqualTo("default");
        });

        labelled.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openWatches().isEmpty());
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("k", "v").build();
    }
}

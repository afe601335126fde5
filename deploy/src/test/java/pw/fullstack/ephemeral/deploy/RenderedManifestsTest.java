package pw.fullstack.ephemeral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.schema.AdmissionOutcome;
import pw.fullstack.ephemeral.testkit.schema.ApiServerAdmission;
import pw.fullstack.ephemeral.testkit.schema.BuiltInResources;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * The base and every overlay render with {@code kubectl kustomize}, and every object they render is one the API
 * server would take: custom resources (Strimzi, Prometheus Operator, cert-manager) against the upstream CRDs with
 * testkit's admission (strict fields, schema, CEL), built-in kinds strictly against fabric8's model
 * ({@link StrictBuiltInKinds}), and the references between objects ({@link ReferenceRules}).
 */
class RenderedManifestsTest {

    private static final ApiServerAdmission CUSTOM_RESOURCES = ApiServerAdmission.of(
            UpstreamCrds.definitionsOf(UpstreamCrds.deployTargets()), List.of());

    static Stream<Path> kustomizations() {
        return DeployTree.kustomizations().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void rendersAndEveryObjectIsOneTheApiServerWouldTake(Path kustomization) {
        List<ObjectNode> objects = Kustomize.render(kustomization);

        assertThat(objects).as(DeployTree.name(kustomization)).isNotEmpty();
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(validate(o)));
        problems.addAll(ReferenceRules.problems(objects));
        assertThat(problems).as(DeployTree.name(kustomization)).isEmpty();
    }

    static List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (BuiltInResources.byKind(group, version, object.path("kind").asText()).isPresent()) {
            return StrictBuiltInKinds.problems(object);
        }
        AdmissionOutcome outcome = CUSTOM_RESOURCES.admit(object, null);
        if (outcome instanceof AdmissionOutcome.Refused refused) {
            return List.of(object.path("kind").asText() + " " + object.path("metadata").path("name").asText() + ": "
                    + refused.status().getCode() + " " + refused.status().getMessage());
        }
        return List.of();
    }

    @Test
    void theBaseRunsEveryServiceInItsNamespaceWithEachPartNamedAsTheService() {
        List<ObjectNode> objects = Kustomize.render(DeployTree.BASE);

        for (String service : DeployTree.SERVICES) {
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy")) {
                assertThat(objects).as(kind + " " + service).anySatisfy(o -> {
                    assertThat(o.path("kind").asText()).isEqualTo(kind);
                    assertThat(o.path("metadata").path("name").asText()).isEqualTo(service);
                    assertThat(o.path("metadata").path("namespace").asText()).isEqualTo(DeployTree.NAMESPACE);
                    assertThat(o.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText()).isEqualTo("ephemeral-clusters");
                });
            }
        }
        assertThat(objects).filteredOn(o -> o.path("kind").asText().equals("Deployment")).allSatisfy(d -> {
            assertThat(d.path("spec").path("replicas").asInt()).as("two replicas").isEqualTo(2);
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(container.path("name").asText()).isEqualTo("service");
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("resources").path("limits").has("memory")).isTrue();
        });
    }

    /** The strict check itself: it must refuse what the API server refuses, or the test above proves nothing. */
    @Test
    void theStrictCheckRefusesAnUnknownFieldAMistypedValueAndABadQuantity() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode good = (ObjectNode) yaml.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: 2
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: service
                          image: i
                          resources: {limits: {memory: 384Mi}}
                """);
        assertThat(validate(good)).isEmpty();

        ObjectNode replicasAsText = good.deepCopy();
        ((ObjectNode) replicasAsText.path("spec")).put("replicas", "2");
        assertThat(validate(replicasAsText)).singleElement().asString().contains("spec.replicas");
        ObjectNode misspelt = good.deepCopy();
        ((ObjectNode) misspelt.path("spec").path("template").path("spec").path("containers").get(0)).put("imagePulPolicy", "Always");
        assertThat(validate(misspelt)).singleElement().asString().contains("imagePulPolicy");
        ObjectNode imageAsNumber = good.deepCopy();
        ((ObjectNode) imageAsNumber.path("spec").path("template").path("spec").path("containers").get(0)).put("image", 5);
        assertThat(validate(imageAsNumber)).singleElement().asString().contains("image");
        ObjectNode badQuantity = good.deepCopy();
        ((ObjectNode) badQuantity.path("spec").path("template").path("spec").path("containers").get(0).path("resources").path("limits"))
                .put("memory", "lots");
        assertThat(validate(badQuantity)).isNotEmpty();
        assertThat(validate(yaml.readTree("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: "three"}
                """))).singleElement().asString().contains("KafkaTopic");
    }

    @Test
    void theReferenceRulesRefuseADanglingBindingAProbeOnAMissingPortAndASelectorThatSelectsNothing() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        List<ObjectNode> objects = new ArrayList<>();
        for (String doc : List.of("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d, namespace: n}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      serviceAccountName: d
                      containers:
                        - name: service
                          image: i
                          ports: [{name: management, containerPort: 9000}]
                          livenessProbe: {httpGet: {path: /q/health/live, port: managment}}
                """, """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: d, namespace: n}
                """, """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: d, namespace: n}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: nowhere}
                subjects: [{kind: ServiceAccount, name: d, namespace: n}]
                """, """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: d, namespace: n}
                spec: {minAvailable: 1, selector: {matchLabels: {a: c}}}
                """)) {
            objects.add((ObjectNode) yaml.readTree(doc));
        }

        assertThat(ReferenceRules.problems(objects)).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("livenessProbe port"))
                .anySatisfy(p -> assertThat(p).contains("roleRef Role nowhere"))
                .anySatisfy(p -> assertThat(p).contains("PodDisruptionBudget").contains("selects no pod"));
    }
}

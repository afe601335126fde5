package pw.fullstack.ephemeral.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.testkit.schema.ApiServerAdmissionTest.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The x-kubernetes-* markers and keywords the upstream CRDs use rarely or not at all, on a small CRD
 * written for the purpose: int-or-string, preserve-unknown-fields, embedded resources, nullable,
 * list-type set, CEL reason/fieldPath and optionalOldSelf, and the fieldValidation modes.
 */
class SchemaMarkersTest {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      apiVersion: {type: string}
                      kind: {type: string}
                      metadata: {type: object}
                      spec:
                        type: object
                        x-kubernetes-validations:
                        - rule: "!has(self.size) || self.size != 'huge'"
                          message: huge is not offered
                          reason: FieldValueForbidden
                          fieldPath: .size
                        - rule: "!oldSelf.hasValue() || oldSelf.value().name == self.name"
                          optionalOldSelf: true
                          message: name is immutable
                        properties:
                          name: {type: string}
                          size: {type: string}
                          port: {x-kubernetes-int-or-string: true}
                          values: {type: object, x-kubernetes-preserve-unknown-fields: true}
                          template:
                            type: object
                            x-kubernetes-embedded-resource: true
                            x-kubernetes-preserve-unknown-fields: true
                          note: {type: string, nullable: true}
                          tags:
                            type: array
                            x-kubernetes-list-type: set
                            items: {type: string}
            """;

    private final ApiServerAdmission apiServer = ApiServerAdmission.of(List.of(crd()), List.of());

    private static CustomResourceDefinition crd() {
        try {
            return Serialization.jsonMapper().treeToValue(new YAMLMapper().readTree(CRD), CustomResourceDefinition.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode widget(String spec) {
        return json("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\",\"namespace\":\"n\"},\"spec\":"
                + spec + "}");
    }

    private List<String> causes(JsonNode object, JsonNode old) {
        AdmissionOutcome outcome = apiServer.admit(object, old);
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Refused.class);
        return ((AdmissionOutcome.Refused) outcome).status().getDetails().getCauses().stream()
                .map((StatusCause c) -> c.getReason() + " " + c.getField() + " " + c.getMessage()).toList();
    }

    @Test
    void intOrStringTakesEitherAndNothingElse() {
        assertThat(apiServer.admit(widget("{\"port\":8080}"), null).accepted()).isTrue();
        assertThat(apiServer.admit(widget("{\"port\":\"http\"}"), null).accepted()).isTrue();
        assertThat(causes(widget("{\"port\":true}"), null)).containsExactly("FieldValueTypeInvalid spec.port Invalid value: "
                + "\"boolean\": spec.port in body must be of type integer,string: \"boolean\"");
    }

    @Test
    void preserveUnknownFieldsKeepsWhatTheSchemaDoesNotDescribe() {
        AdmissionOutcome outcome = apiServer.admit(widget("{\"values\":{\"replicas\":3,\"deep\":{\"x\":[1,2]}}}"), null);

        assertThat(((AdmissionOutcome.Accepted) outcome).object().at("/spec/values/deep/x/1").asInt()).isEqualTo(2);
    }

    @Test
    void anEmbeddedResourceNeedsApiVersionAndKindAndValidMetadata() {
        assertThat(apiServer.admit(widget("{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"a\":\"b\"}}}"), null)
                .accepted()).isTrue();
        assertThat(causes(widget("{\"template\":{\"metadata\":{\"name\":\"a/b\"}}}"), null)).containsExactlyInAnyOrder(
                "FieldValueRequired spec.template.apiVersion Required value: must not be empty",
                "FieldValueRequired spec.template.kind Required value: must not be empty",
                "FieldValueInvalid spec.template.metadata.name Invalid value: \"a/b\": may not contain '/' or '%' and may not be '.' or '..'");
    }

    @Test
    void nullIsKeptWhereNullableAndDroppedElsewhere() {
        JsonNode stored = ((AdmissionOutcome.Accepted) apiServer.admit(widget("{\"note\":null,\"size\":null}"), null)).object();

        assertThat(stored.at("/spec").has("note")).isTrue();
        assertThat(stored.at("/spec").has("size")).as("a non-nullable null is pruned, as the server does").isFalse();
    }

    @Test
    void aSetMayNotHoldDuplicates() {
        assertThat(causes(widget("{\"tags\":[\"a\",\"b\",\"a\"]}"), null))
                .containsExactly("FieldValueDuplicate spec.tags[2] Duplicate value: \"a\"");
    }

    @Test
    void aCelRuleCanNameItsReasonAndField() {
        assertThat(causes(widget("{\"size\":\"huge\"}"), null)).containsExactly("FieldValueForbidden spec.size Forbidden: huge is not offered");
    }

    @Test
    void anOptionalOldSelfRuleRunsOnCreateAndComparesOnUpdate() {
        ObjectNode created = ((AdmissionOutcome.Accepted) apiServer.admit(widget("{\"name\":\"a\"}"), null)).object();

        assertThat(apiServer.admit(widget("{\"name\":\"a\",\"size\":\"s\"}"), created).accepted()).isTrue();
        assertThat(causes(widget("{\"name\":\"b\"}"), created)).containsExactly("FieldValueInvalid spec Invalid value: \"object\": name is immutable");
    }

    @Test
    void unknownFieldsArePrunedUnderIgnoreAndWarnedAboutUnderWarn() {
        CustomResourceType type = apiServer.customKind("example.com", "Widget").orElseThrow();
        ObjectNode widget = widget("{\"name\":\"a\",\"colour\":\"red\"}");

        AdmissionOutcome ignored = apiServer.admit(type, "v1", Operation.CREATE, null, widget, null, FieldValidation.IGNORE);
        AdmissionOutcome warned = apiServer.admit(type, "v1", Operation.CREATE, null, widget, null, FieldValidation.WARN);
        AdmissionOutcome strict = apiServer.admit(type, "v1", Operation.CREATE, null, widget, null, FieldValidation.STRICT);

        assertThat(((AdmissionOutcome.Accepted) ignored).object().at("/spec").has("colour")).isFalse();
        assertThat(((AdmissionOutcome.Accepted) warned).warnings()).containsExactly("unknown field \"spec.colour\"");
        assertThat(((AdmissionOutcome.Refused) strict).code()).isEqualTo(400);
    }
}

package pw.fullstack.ephemeral.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.SampleEvents;
import pw.fullstack.ephemeral.contracts.json.EventJson;

class EventJsonTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventSurvivesAJsonRoundTrip(EventType type) throws Exception {
        LifecycleEvent event = SampleEvents.of(type);

        byte[] json = EventJson.mapper().writeValueAsBytes(event);

        assertThat(EventJson.mapper().readValue(json, type.eventClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void toleratesFieldsAddedByANewerProducer(EventType type) throws Exception {
        ObjectNode json = EventJson.mapper().valueToTree(SampleEvents.of(type));
        json.put("addedInV2", "whatever");
        json.putObject("nested").put("x", 1);

        assertThat(EventJson.mapper().treeToValue(json, type.eventClass())).isEqualTo(SampleEvents.of(type));
    }

    @Test
    void writesValueTypesAsPlainStrings() throws Exception {
        String json = EventJson.mapper().writeValueAsString(SampleEvents.of(EventType.IP_ALLOCATED));

        assertThat(json).contains("\"pullRequest\":{\"repository\":\"fullstack-pw/cks-backend\",\"number\":42}")
                .contains("\"clusterName\":\"pr-cksbackend-42\"")
                .contains("\"addresses\":[\"192.168.1.140\",\"192.168.1.141\"]")
                .contains("\"install_postgres\":true");
    }

    @Test
    void writesReasonsInTheirWireForm() throws Exception {
        String json = EventJson.mapper().writeValueAsString(SampleEvents.of(EventType.CLUSTER_DESTROYED));
        assertThat(json).contains("\"reason\":\"expired\"");
        assertThat(EventJson.mapper().readValue(json.replace("\"expired\"", "\"provisioning-failed\""),
                ClusterDestroyed.class).reason()).isEqualTo(DestroyReason.PROVISIONING_FAILED);
    }

    @Test
    void refusesAnEventWithoutARequiredField() {
        String json = "{\"pullRequest\":{\"repository\":\"fullstack-pw/cks-backend\",\"number\":42},"
                + "\"merged\":false,\"closedAt\":\"2026-11-28T10:00:00Z\"}";

        assertThatThrownBy(() -> EventJson.mapper().readValue(json, PrClosed.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("clusterName: is required");
    }

    @Test
    void refusesAnInjectedRepositoryInsideAnEvent() {
        String json = "{\"pullRequest\":{\"repository\":\"fullstack-pw/x\\nkind: Secret\",\"number\":42},"
                + "\"clusterName\":\"pr-x-42\",\"merged\":false,\"closedAt\":\"2026-11-28T10:00:00Z\"}";

        assertThatThrownBy(() -> EventJson.mapper().readValue(json, PrClosed.class))
                .hasMessageContaining("repository name");
    }

    @Test
    void defaultsOptionsWhenAnOlderBridgeSendsNone() throws Exception {
        ObjectNode json = EventJson.mapper().valueToTree(SampleEvents.of(EventType.PR_OPENED));
        json.remove("options");

        assertThat(EventJson.mapper().treeToValue(json, PrOpened.class).options())
                .isEqualTo(EnvironmentOptions.defaults());
    }

    @Test
    void leavesOutTheHeadShaOfAPrOpenedThatCameWithoutOne() throws Exception {
        PrOpened sample = (PrOpened) SampleEvents.of(EventType.PR_OPENED);
        PrOpened fromDispatch = new PrOpened(sample.pullRequest(), sample.clusterName(), sample.branch(), null,
                sample.options(), sample.openedAt());

        String json = EventJson.mapper().writeValueAsString(fromDispatch);

        assertThat(json).doesNotContain("headSha");
        assertThat(EventJson.mapper().readValue(json, PrOpened.class)).isEqualTo(fromDispatch);
    }
}

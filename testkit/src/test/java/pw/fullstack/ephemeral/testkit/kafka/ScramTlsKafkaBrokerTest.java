package pw.fullstack.ephemeral.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker answers only SCRAM users over TLS that trust its CA, and only what ACLs allow. */
class ScramTlsKafkaBrokerTest {

    private static final ScramTlsKafkaBroker BROKER = new ScramTlsKafkaBroker(List.of("reaper"));

    @BeforeAll
    static void start() {
        BROKER.start();
    }

    @AfterAll
    static void stop() {
        BROKER.close();
    }

    @Test
    void theAdminCreatesTopicsOverTlsWithScram() throws Exception {
        try (Admin admin = Admin.create(BROKER.clientSettings(ScramTlsKafkaBroker.ADMIN))) {
            admin.createTopics(List.of(new NewTopic("scram-check", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("scram-check");
        }
    }

    @Test
    void aUserWithoutAclsSeesNoTopicAndAWrongPasswordIsRefused() throws Exception {
        try (Admin admin = Admin.create(BROKER.clientSettings(ScramTlsKafkaBroker.ADMIN))) {
            admin.createTopics(List.of(new NewTopic("hidden", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (Admin reaper = Admin.create(BROKER.clientSettings("reaper"))) {
            assertThat(reaper.listTopics().names().get(30, TimeUnit.SECONDS)).isEqualTo(Set.of());
        }
        Map<String, Object> wrong = new HashMap<>(BROKER.clientSettings("reaper"));
        wrong.put("sasl.jaas.config", BROKER.jaasConfig("reaper").replaceAll("password=\"[^\"]*\"", "password=\"guess\""));
        wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin intruder = Admin.create(wrong)) {
            assertThatThrownBy(() -> intruder.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}

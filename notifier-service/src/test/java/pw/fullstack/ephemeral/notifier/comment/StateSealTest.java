package pw.fullstack.ephemeral.notifier.comment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

class StateSealTest {

    private static final Pattern SEALED = Pattern.compile("state v2 ([A-Za-z0-9+/=]+) ([A-Za-z0-9_-]+) -->");

    private final StateSeal seal = StateSeal.withKey("the-notifiers-own-key-0123456789abcdef");
    private final Saga saga = Saga.of("fullstack-pw/cks-backend", 42, Instant.parse("2026-11-28T10:00:00Z"));
    private final StoredState state = new StoredState(
            Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.ready())).timeline(),
            GitHubEffects.NONE.withDeployment(7));

    @Test
    void readsBackTheStateItSealed() {
        assertThat(seal.open("text before\n" + seal.line(state) + "\n")).contains(state);
    }

    @Test
    void aStateEditedByHandReadsAsNone() {
        Matcher line = SEALED.matcher(seal.line(state));
        assertThat(line.find()).isTrue();
        String json = new String(Base64.getDecoder().decode(line.group(1)), StandardCharsets.UTF_8);
        String forgedJson = json.replace("ephemeral-clusters/pr-cksbackend-42/kubeconfig", "apps/fullstack-pw/production");
        assertThat(forgedJson).isNotEqualTo(json);
        String forged = "<!-- ephemeral-clusters:state v2 " + Base64.getEncoder().encodeToString(forgedJson.getBytes(StandardCharsets.UTF_8))
                + " " + line.group(2) + " -->";

        assertThat(seal.open(forged)).isEmpty();
    }

    @Test
    void aStateSealedUnderAnotherKeyOrNotSealedAtAllReadsAsNone() {
        StateSeal other = StateSeal.withKey("somebody-elses-key-0123456789abcdefgh");
        String unsealedV1 = "<!-- ephemeral-clusters:state v1 " + SEALED.matcher(seal.line(state)).results().findFirst().orElseThrow().group(1) + " -->";

        assertThat(seal.open(other.line(state))).isEmpty();
        assertThat(seal.open(unsealedV1)).isEmpty();
        assertThat(seal.open("no state here")).isEmpty();
    }

    @Test
    void refusesAKeyTooShortToKeepTheSealUnguessable() {
        assertThatThrownBy(() -> StateSeal.withKey("short")).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> StateSeal.withKey(null)).hasMessageContaining("notifier.comment.state-key");
    }
}

package pw.fullstack.ephemeral.provisioner.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepoLabelTest {

    @Test
    void repositoryNamesBecomeValidLabelValues() {
        assertThat(RunAnnotations.repoLabel("cks-backend")).isEqualTo("cks-backend");
        assertThat(RunAnnotations.repoLabel(".github")).isEqualTo("github");
        assertThat(RunAnnotations.repoLabel("name_")).isEqualTo("name");
        assertThat(RunAnnotations.repoLabel("._-")).isEqualTo("unnamed");
        assertThat(RunAnnotations.repoLabel("a".repeat(62) + "-b" + "c".repeat(30))).hasSize(62);
    }
}

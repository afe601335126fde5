package pw.fullstack.ephemeral.provisioner.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepoLabelTest {

    @Test
    void repositoryNamesBecomeValidLabelValues() {
        assertThat(ProvisioningService.repoLabel("cks-backend")).isEqualTo("cks-backend");
        assertThat(ProvisioningService.repoLabel(".github")).isEqualTo("github");
        assertThat(ProvisioningService.repoLabel("name_")).isEqualTo("name");
        assertThat(ProvisioningService.repoLabel("._-")).isEqualTo("unnamed");
        assertThat(ProvisioningService.repoLabel("a".repeat(62) + "-b" + "c".repeat(30))).hasSize(62);
    }
}

package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Phase 1 image digest that is not one (a short hash, a tag) stops the service at start, naming the image. */
class ImageDigestThatIsNotSha256StopsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = InvalidSettingsStopStartUp.withSetting("installer.phase1.image-digests.external-dns",
            "sha256:3bdc2f1e", message -> assertThat(message).contains("installer.phase1.image-registry/image-digests")
                    .contains("external-dns").contains("sha256:<64 lowercase hex digits>"));

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}

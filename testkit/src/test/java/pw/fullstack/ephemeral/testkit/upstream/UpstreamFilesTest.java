package pw.fullstack.ephemeral.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamFilesTest {

    private static final String SMALL = "crds/external-dns/dnsendpoints.externaldns.k8s.io.yaml";
    private static final UpstreamFiles CONFIGURED = UpstreamFiles.configured();

    @Test
    void everyPinnedFileIsInTheUpstreamDirectoryUnchanged() {
        assertThat(CONFIGURED.problems()).isEmpty();
        assertThat(CONFIGURED.lock().paths()).hasSizeGreaterThan(30).contains(SMALL,
                "github/rest/api.github.com.subset.deref.json", "github/webhooks/octokit/schema.json");
    }

    @Test
    void theManifestTestkitCarriesIsTheOneAtTheProjectsRoot() throws IOException {
        Path lockFile = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(lockFile.resolve("upstream.lock"))) {
            lockFile = lockFile.getParent();
        }
        assertThat(UpstreamLock.parse(Files.readString(lockFile.resolve("upstream.lock")))).isEqualTo(CONFIGURED.lock());
    }

    @Test
    void everyFileIsPinnedToACommitOrAPackageVersion() {
        assertThat(CONFIGURED.lock().entries().values()).allSatisfy(entry -> {
            if (entry.source().startsWith("https://")) {
                assertThat(entry.source()).as(entry.path()).containsPattern("/[0-9a-f]{40}/");
                assertThat(entry.extract()).as("a downloaded file is used as published: " + entry.path()).isEmpty();
            } else {
                assertThat(entry.source()).as(entry.path()).startsWith("npm:" + entry.project() + "@" + entry.version() + ":");
            }
        });
    }

    @Test
    void anUnchangedCopyElsewhereIsAccepted(@TempDir Path elsewhere) throws IOException {
        copy(SMALL, elsewhere);

        assertThat(new UpstreamFiles(elsewhere, CONFIGURED.lock()).bytes(SMALL)).isEqualTo(CONFIGURED.bytes(SMALL));
    }

    @Test
    void aChangedFileFailsNamingTheFileAndTheFix(@TempDir Path elsewhere) throws IOException {
        Path copy = copy(SMALL, elsewhere);
        Files.writeString(copy, "\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> new UpstreamFiles(elsewhere, CONFIGURED.lock()).path(SMALL))
                .isInstanceOf(UpstreamFileException.class)
                .hasMessageContaining("upstream file " + SMALL + " in " + elsewhere.toAbsolutePath().normalize()
                        + " differs from upstream.lock")
                .hasMessageContaining("kubernetes-sigs/external-dns")
                .hasMessageContaining("./fetch-upstream.sh replaces a changed file");
    }

    @Test
    void aMissingDirectoryFailsNamingTheSettingAndTheFix(@TempDir Path elsewhere) {
        Path absent = elsewhere.resolve("no-such-dir");

        assertThatThrownBy(() -> new UpstreamFiles(absent, CONFIGURED.lock()).path(SMALL))
                .isInstanceOf(UpstreamFileException.class)
                .hasMessageContaining("upstream file " + SMALL + " cannot be read: the upstream directory " + absent + " does not exist")
                .hasMessageContaining("system property ephemeral.upstream.dir")
                .hasMessageContaining("environment variable EPHEMERAL_UPSTREAM_DIR")
                .hasMessageContaining("run ./fetch-upstream.sh");
    }

    @Test
    void aMissingFileFailsNamingIt(@TempDir Path elsewhere) throws IOException {
        copy(SMALL, elsewhere);
        String other = "crds/helm-controller/helm.cattle.io_helmcharts.yaml";

        UpstreamFiles files = new UpstreamFiles(elsewhere, CONFIGURED.lock());
        assertThatThrownBy(() -> files.path(other)).hasMessageContaining("upstream file " + other + " is missing from");
        assertThat(files.problems()).hasSize(CONFIGURED.lock().paths().size() - 1)
                .noneSatisfy(problem -> assertThat(problem).contains(SMALL));
    }

    @Test
    void aFileTheManifestDoesNotPinIsNotRead() {
        assertThatThrownBy(() -> CONFIGURED.path("crd-versions/all/capi-HEAD-clusters.yaml"))
                .isInstanceOf(UpstreamFileException.class)
                .hasMessageContaining("upstream file crd-versions/all/capi-HEAD-clusters.yaml is not pinned in upstream.lock");
        assertThatThrownBy(() -> CONFIGURED.path("../upstream/" + SMALL)).hasMessageContaining("is not pinned");
    }

    @Test
    void aMalformedManifestLineIsRefusedWithItsNumber() {
        String sha = "a".repeat(64);

        assertThatThrownBy(() -> UpstreamLock.parse("# comment\nfile.yaml " + sha + " project v1\n"))
                .hasMessageStartingWith("upstream.lock line 2: expected");
        assertThatThrownBy(() -> UpstreamLock.parse("a " + sha + " p v https://x\na " + sha + " p v https://x\n"))
                .hasMessage("upstream.lock line 2: a is listed twice");
        assertThat(UpstreamLock.parse("a " + sha + " p 1 npm:p@1:f extract=thing\n").entry("a"))
                .hasValueSatisfying(entry -> assertThat(entry.extract()).hasValue("thing"));
    }

    private static Path copy(String path, Path directory) throws IOException {
        Path target = directory.resolve(path);
        Files.createDirectories(target.getParent());
        return Files.copy(CONFIGURED.path(path), target);
    }
}

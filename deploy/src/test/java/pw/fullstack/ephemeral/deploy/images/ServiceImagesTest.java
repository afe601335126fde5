package pw.fullstack.ephemeral.deploy.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images the {@code images} profile builds (root pom; deploy/README.md, section Images), checked
 * without a registry: Maven resolves the profile for every service (help:effective-pom, as in a real
 * build), and each service's image settings are read through Quarkus' own container-image and Jib
 * configuration, as {@code quarkus:build} reads them.
 */
class ServiceImagesTest {

    /** The module directories; deploy/base names the images after them. */
    private static final List<String> SERVICES = List.of("allocator-service", "provisioner-service", "installer-service",
            "reaper-service", "notifier-service", "github-bridge", "console-service");
    private static final List<String> NOT_SERVICES = List.of("contracts", "testkit", "sandbox");

    // Stand-ins for what a team passes: syntactically what the profile requires, recognisably not real.
    private static final String BASE_DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
    private static final String SOURCE = "https://git.example.org/platform/ephemeral-clusters";
    private static final String LICENSES = "LicenseRef-test";
    private static final List<String> REQUIRED_SETTINGS = List.of(
            "-Dimages.base-image-digest=" + BASE_DIGEST,
            "-Dimages.revision=" + REVISION,
            "-Dimages.source=" + SOURCE,
            "-Dimages.licenses=" + LICENSES);

    private static ProjectMaven maven;
    private static Map<String, ServiceImage> imagesWithTheProfile;
    private static EffectivePom pomWithTheProfile;
    private static EffectivePom pomWithoutTheProfile;

    @BeforeAll
    static void resolveTheProfileForEveryService() throws IOException {
        maven = ProjectMaven.ofThisProject();
        List<String> withTheProfile = new ArrayList<>(List.of("-Dimages"));
        withTheProfile.addAll(REQUIRED_SETTINGS);
        pomWithTheProfile = effectivePom("with-images", withTheProfile);
        pomWithoutTheProfile = effectivePom("without-images", List.of());
        imagesWithTheProfile = new LinkedHashMap<>();
        for (String service : SERVICES) {
            imagesWithTheProfile.put(service, ServiceImage.of(maven.root().resolve(service), pomWithTheProfile.module(service)));
        }
    }

    private static EffectivePom effectivePom(String name, List<String> settings) throws IOException {
        Path output = Files.createDirectories(Path.of("target")).resolve("effective-pom-" + name + ".xml").toAbsolutePath();
        Files.deleteIfExists(output);
        List<String> arguments = new ArrayList<>(List.of("-q", "-pl", String.join(",", allModules()),
                "org.apache.maven.plugins:maven-help-plugin:3.5.2:effective-pom", "-Doutput=" + output));
        arguments.addAll(settings);
        maven.run(arguments).requireSuccess();
        return EffectivePom.read(output);
    }

    private static List<String> allModules() {
        List<String> modules = new ArrayList<>(SERVICES);
        modules.addAll(NOT_SERVICES);
        return modules;
    }

    @Test
    void everyServiceBuildsAnImageNamedAfterItsModuleInTheProjectsGroupTaggedWithTheProjectVersion() {
        imagesWithTheProfile.forEach((service, image) -> {
            String version = pomWithTheProfile.module(service).version();
            assertThat(image.buildsAnImage()).as(service).isTrue();
            assertThat(image.reference()).as(service).isEqualTo("ephemeral-clusters/" + service + ":" + version);
            // The registry and the push are the team's: -Dquarkus.container-image.registry=... -Dquarkus.container-image.push=true
            assertThat(image.registry()).as(service).isEmpty();
            assertThat(image.pushes()).as(service).isFalse();
        });
    }

    @Test
    void everyImageRunsAsTheBaseImagesUnprivilegedNumericUser() {
        imagesWithTheProfile.forEach((service, image) -> assertThat(image.user()).as(service).contains("185"));
    }

    @Test
    void everyImageExposesItsManagementPortAndOnlyTheBridgeAlsoItsWebhookPort() {
        imagesWithTheProfile.forEach((service, image) -> {
            List<Integer> listening = service.equals("github-bridge")
                    ? List.of(image.httpPort(), image.managementPort())
                    : List.of(image.managementPort());
            assertThat(image.exposedPorts()).as(service).containsExactlyElementsOf(listening);
        });
        assertThat(imagesWithTheProfile.get("allocator-service").exposedPorts()).containsExactly(9000);
        assertThat(imagesWithTheProfile.get("github-bridge").exposedPorts()).containsExactly(8080, 9000);
    }

    @Test
    void everyImageStartsTheJvmWithTheFlagsTheServicesAreMeasuredWithInTheSandbox() throws IOException {
        List<String> measured = sandboxServiceJvmFlags();
        assertThat(measured).as("the sandbox launcher's JVM flags").isNotEmpty();

        imagesWithTheProfile.forEach((service, image) -> {
            List<String> expected = new ArrayList<>(List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
            expected.addAll(measured);
            assertThat(image.jvmArguments()).as(service).containsExactlyElementsOf(expected);
        });
    }

    /** The -X flags the sandbox's launcher starts every service JVM with (the README's figures come from there). */
    private static List<String> sandboxServiceJvmFlags() throws IOException {
        String launcher = Files.readString(maven.root().resolve(
                "sandbox/src/main/java/pw/fullstack/ephemeral/sandbox/process/ServiceProcess.java"));
        Matcher flag = Pattern.compile("command\\.add\\(\"(-X[^\"]*)\"\\)").matcher(launcher);
        List<String> flags = new ArrayList<>();
        while (flag.find()) {
            flags.add(flag.group(1));
        }
        return flags;
    }

    @Test
    void everyImageIsBuiltOnTheJava17RuntimeImagePinnedByTheGivenDigest() {
        imagesWithTheProfile.forEach((service, image) -> {
            assertThat(image.baseImage()).as(service)
                    .isEqualTo("registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24@" + BASE_DIGEST);
            // The runtime's Java is the one the services are compiled for.
            assertThat(pomWithTheProfile.module(service).properties()).as(service).containsEntry("maven.compiler.release", "17");
        });
    }

    @Test
    void everyImageCarriesTheOciLabelsOfItsSourceVersionRevisionTitleAndLicence() {
        imagesWithTheProfile.forEach((service, image) -> assertThat(image.labels()).as(service).isEqualTo(Map.of(
                "org.opencontainers.image.source", SOURCE,
                "org.opencontainers.image.version", pomWithTheProfile.module(service).version(),
                "org.opencontainers.image.revision", REVISION,
                "org.opencontainers.image.title", service,
                "org.opencontainers.image.licenses", LICENSES)));
    }

    @Test
    void aBuildWithoutTheProfileNeitherHasJibNorBuildsAnImage() {
        for (String service : SERVICES) {
            EffectivePom.Module module = pomWithoutTheProfile.module(service);
            assertThat(module.dependencies()).as(service).doesNotContain("io.quarkus:quarkus-container-image-jib");
            assertThat(ServiceImage.of(maven.root().resolve(service), module).buildsAnImage()).as(service).isFalse();
        }
    }

    @Test
    void theLibrariesAndTheSandboxGetNoImageEvenWithTheProfile() {
        for (String module : NOT_SERVICES) {
            assertThat(pomWithTheProfile.module(module).dependencies()).as(module).doesNotContain("io.quarkus:quarkus-container-image-jib");
            assertThat(pomWithTheProfile.module(module).properties()).as(module).doesNotContainKey("quarkus.container-image.build");
        }
        assertThat(pomWithTheProfile.module("allocator-service").dependencies()).contains("io.quarkus:quarkus-container-image-jib");
    }

    @Test
    void theProfileRefusesToBuildWithoutABaseImageDigest() {
        List<String> arguments = new ArrayList<>(List.of("-q", "-Dimages", "-pl", "allocator-service", "validate"));
        REQUIRED_SETTINGS.stream().filter(setting -> !setting.startsWith("-Dimages.base-image-digest=")).forEach(arguments::add);

        ProjectMaven.MavenRun run = maven.run(arguments);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("The images profile pins its base image by digest and has none: pass -Dimages.base-image-digest=sha256:");
    }
}

package pw.fullstack.ephemeral.deploy.images;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.container.image.deployment.ContainerImageConfig;
import io.quarkus.container.image.jib.deployment.ContainerImageJibConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * One service's container image as the Quarkus build configures it: its build-time configuration read
 * through Quarkus' own configuration interfaces (the container-image and Jib extensions'), from the
 * same sources, with the same precedence and the same defaults as in {@code quarkus:build} — the module's
 * {@code quarkus.*} Maven properties (which the quarkus-maven-plugin hands to the build) under the
 * service's {@code application.properties} in the {@code prod} profile.
 */
record ServiceImage(
        String module,
        boolean buildsAnImage,
        boolean pushes,
        Optional<String> registry,
        Optional<String> group,
        String name,
        Optional<String> tag,
        String baseImage,
        Optional<String> user,
        List<Integer> exposedPorts,
        List<String> jvmArguments,
        Map<String, String> labels,
        int managementPort,
        int httpPort) {

    private static final int BUILD_SYSTEM_PROPERTIES_ORDINAL = 100;
    private static final int APPLICATION_PROPERTIES_ORDINAL = 250;

    static ServiceImage of(Path moduleDirectory, EffectivePom.Module module) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(buildSystemProperties(module), "pom.xml " + module.artifactId(),
                        BUILD_SYSTEM_PROPERTIES_ORDINAL))
                .withSources(applicationProperties(moduleDirectory))
                .withMapping(ContainerImageConfig.class)
                .withMapping(ContainerImageJibConfig.class)
                .build();
        ContainerImageConfig image = config.getConfigMapping(ContainerImageConfig.class);
        ContainerImageJibConfig jib = config.getConfigMapping(ContainerImageJibConfig.class);
        List<String> jvmArguments = new ArrayList<>(jib.jvmArguments());
        jib.jvmAdditionalArguments().ifPresent(jvmArguments::addAll);
        return new ServiceImage(
                moduleDirectory.getFileName().toString(),
                image.isBuildExplicitlyEnabled(),
                image.isPushExplicitlyEnabled(),
                image.registry(),
                image.group(),
                image.name(),
                image.tag(),
                jib.baseJvmImage().orElse("(Quarkus' default, a tag)"),
                jib.user(),
                List.copyOf(jib.ports()),
                List.copyOf(jvmArguments),
                Map.copyOf(image.labels()),
                config.getOptionalValue("quarkus.management.port", Integer.class).orElse(9000),
                config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
    }

    /** What quarkus-maven-plugin passes to the build: the module's quarkus.* properties, and its name and version. */
    private static Map<String, String> buildSystemProperties(EffectivePom.Module module) {
        Map<String, String> properties = new HashMap<>();
        module.properties().forEach((key, value) -> {
            if (key.startsWith("quarkus.")) {
                properties.put(key, value);
            }
        });
        properties.putIfAbsent("quarkus.application.name", module.artifactId());
        properties.putIfAbsent("quarkus.application.version", module.version());
        return properties;
    }

    private static PropertiesConfigSource applicationProperties(Path moduleDirectory) {
        Path file = moduleDirectory.resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(moduleDirectory.getFileName() + " has no " + file + ": is it a service?");
        }
        try {
            URL url = file.toUri().toURL();
            return new PropertiesConfigSource(url, APPLICATION_PROPERTIES_ORDINAL);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + file + ": " + e.getMessage(), e);
        }
    }

    /** The reference Quarkus pushes to: [registry/][group/]name[:tag]. */
    String reference() {
        StringBuilder reference = new StringBuilder();
        registry.ifPresent(r -> reference.append(r).append('/'));
        group.ifPresent(g -> reference.append(g).append('/'));
        reference.append(name);
        tag.ifPresent(t -> reference.append(':').append(t));
        return reference.toString();
    }
}

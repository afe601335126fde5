package pw.fullstack.ephemeral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every setting a service needs in {@code %prod} is given by the render (its container's environment) or listed as
 * one the site must give in deploy/README.md ("Required settings"). What a service needs is asked of SmallRye
 * Config, the library the services read their settings with: its {@code @ConfigMapping} interfaces (from the
 * service's own classes), its application.properties in the {@code prod} profile and the container's environment
 * from the render; building the mappings reports every required property without a value, and every value that
 * does not convert (a duration written {@code 15 minutes}, an enum misspelt). Properties of application.properties
 * whose value is an expression ({@code ${...}}) must resolve too.
 */
class ProdSettingsTest {

    private static final Pattern REQUIRED = Pattern.compile("SRCFG00014: The config property (\\S+) is required");

    static Stream<Arguments> servicesInEachRender() {
        return DeployTree.kustomizations().stream()
                .filter(k -> Kustomize.render(k).stream().anyMatch(o -> o.path("kind").asText().equals("Deployment")))
                .flatMap(k -> DeployTree.SERVICES.stream().map(s -> Arguments.of(DeployTree.name(k), s)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEachRender")
    void everySettingTheServiceNeedsInProdIsGivenOrListedAsRequired(String kustomization, String service) {
        Map<String, String> env = ServiceEnvironment.of(Kustomize.render(DeployTree.ROOT.resolve(kustomization)), service);

        Set<String> missing = missing(service, env);

        assertThat(missing).as("%s's settings that %s gives no value and deploy/README.md does not list as required", service,
                kustomization).isSubsetOf(RequiredSettings.listed(service));
    }

    /**
     * An environment variable under a service's prefix that names none of its settings is a typo SmallRye Config
     * would ignore without a word (the setting keeps its default): every one must name a property of the
     * service's mappings.
     */
    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEachRender")
    void everyVariableUnderTheServicesPrefixNamesOneOfItsSettings(String kustomization, String service) {
        Map<String, String> env = ServiceEnvironment.of(Kustomize.render(DeployTree.ROOT.resolve(kustomization)), service);

        assertThat(unknownVariables(service, env)).as("%s's variables in %s that name no setting", service, kustomization).isEmpty();
    }

    @Test
    void aMisspeltVariableIsFound() {
        Map<String, String> env = new java.util.HashMap<>(ServiceEnvironment.of(Kustomize.render(DeployTree.BASE), "provisioner"));
        env.put("PROVISIONER_TEMPLATE_PROXMOX_NOD", "node03");
        env.put("PROVISIONER_TEMPLATE_SSH_AUTHORIZED_KEYS_1_", "ssh-ed25519 AAAA x");

        assertThat(unknownVariables("provisioner", env)).containsExactly("PROVISIONER_TEMPLATE_PROXMOX_NOD");
    }

    /** The service's variables (under a mapping's prefix) that match no property path of its mappings. */
    static Set<String> unknownVariables(String service, Map<String, String> env) {
        List<Class<?>> mappings = mappings(DeployTree.module(service).resolve("target/classes"));
        Set<String> prefixes = new TreeSet<>();
        List<Pattern> known = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            prefixes.add(envName(prefix.contains(".") ? prefix.substring(0, prefix.indexOf('.')) : prefix) + "_");
            for (String path : io.smallrye.config.ConfigMappings.getProperties(
                    io.smallrye.config.ConfigMappings.ConfigClass.configClass(mapping)).keySet()) {
                String full = path.startsWith(prefix + ".") || path.equals(prefix) ? path : prefix + "." + path;
                known.add(envPattern(full));
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String variable : env.keySet()) {
            if (prefixes.stream().anyMatch(variable::startsWith) && known.stream().noneMatch(p -> p.matcher(variable).matches())) {
                unknown.add(variable);
            }
        }
        return unknown;
    }

    /** A property name as an environment variable: SmallRye Config's rule (every other character an underscore). */
    private static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The variables a mapped property path stands for: a map key ({@code *}) any name, a list index ({@code [*]}) a number. */
    private static Pattern envPattern(String path) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            if (path.startsWith("[*]", i)) {
                regex.append("_[0-9]+_");
                i += 2;
            } else if (path.charAt(i) == '*') {
                regex.append("[A-Z0-9_]+");
            } else {
                char c = path.charAt(i);
                regex.append(Character.isLetterOrDigit(c) ? String.valueOf(Character.toUpperCase(c)) : "_");
            }
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * The check itself: the bridge's webhook secrets have no default and come from Vault, not the render, so the render
     * leaves them missing and deploy/README.md must list them; given as an environment variable they are not missing.
     */
    @Test
    void aRequiredSettingTheEnvironmentDoesNotGiveIsFound() {
        Map<String, String> env = new java.util.HashMap<>(ServiceEnvironment.of(Kustomize.render(DeployTree.BASE), "github-bridge"));
        assertThat(missing("github-bridge", env)).contains("bridge.webhook.secrets");
        assertThat(RequiredSettings.listed("github-bridge")).contains("bridge.webhook.secrets");

        env.put("BRIDGE_WEBHOOK_SECRETS", "a-webhook-secret");

        assertThat(missing("github-bridge", env)).doesNotContain("bridge.webhook.secrets");
    }

    @Test
    void aValueThatDoesNotConvertFailsTheCheck() {
        Map<String, String> env = new java.util.HashMap<>(ServiceEnvironment.of(Kustomize.render(DeployTree.BASE), "reaper"));
        env.put("REAPER_GRACE_PERIOD", "one hour");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> missing("reaper", env)).hasMessageContaining("reaper.grace-period");
    }

    /** The required properties with no value, after building the service's mappings over its prod configuration. */
    static Set<String> missing(String service, Map<String, String> env) {
        Path module = DeployTree.module(service);
        Properties properties = properties(module.resolve("src/main/resources/application.properties"));
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withValidateUnknown(false)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(toMap(properties), "application.properties", 250))
                .withSources(new EnvConfigSource(env, 300));
        List<Class<?>> mappings = mappings(module.resolve("target/classes"));
        assertThat(mappings).as(service + "'s @ConfigMapping interfaces").isNotEmpty();
        mappings.forEach(builder::withMapping);
        Set<String> missing = new TreeSet<>();
        SmallRyeConfig config;
        try {
            config = builder.build();
        } catch (ConfigValidationException e) {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                String message = e.getProblem(i).getMessage();
                Matcher m = REQUIRED.matcher(message);
                if (m.find()) {
                    missing.add(m.group(1));
                } else {
                    others.add(message);
                }
            }
            if (!others.isEmpty()) {
                throw new AssertionError(service + ": settings SmallRye Config refuses: " + others, e);
            }
            return missing;
        }
        for (String key : properties.stringPropertyNames()) {
            boolean prod = !key.startsWith("%") || key.startsWith("%prod.");
            if (prod && properties.getProperty(key).contains("${")) {
                String name = key.startsWith("%prod.") ? key.substring("%prod.".length()) : key;
                try {
                    config.getConfigValue(name).getValue();
                } catch (RuntimeException e) {
                    missing.add(name);
                }
            }
        }
        return missing;
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The service's own {@code @ConfigMapping} interfaces, from its compiled classes. */
    static List<Class<?>> mappings(Path classes) {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ProdSettingsTest.class.getClassLoader());
                if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                    found.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load the service's classes from " + classes, e);
        }
        return found;
    }
}

package pw.fullstack.ephemeral.deploy.kafka;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka clients one service makes, as its {@code application.properties} configures them under a profile:
 * read with SmallRye Config (profiles, {@code ${...}} expressions) and layered the way Quarkus and SmallRye
 * Reactive Messaging layer them:
 * <ul>
 *   <li>{@code kafka.*} is the {@code default-kafka-broker} map, the defaults of every channel; the admin clients
 *       (ReplayableTopics, the bridge's BrokerReadinessCheck) take the admin settings out of the same map;</li>
 *   <li>{@code mp.messaging.connector.smallrye-kafka.*}, then {@code mp.messaging.incoming|outgoing.<channel>.*}
 *       override them for a channel;</li>
 *   <li>the dead-letter producer is built from its incoming channel's configuration with
 *       {@code dead-letter-queue.*} overriding it (SmallRye's KafkaDeadLetterQueue.Factory, which
 *       lifecycle-messaging's {@code counted-dead-letter-queue} strategy wraps).</li>
 * </ul>
 *
 * @param service     the name in deploy/ (Deployment, KafkaUser): the module name without {@code -service}
 * @param incoming    channel name to its effective consumer settings
 * @param deadLetters channel name to its dead-letter producer's effective settings (with {@code topic})
 * @param outgoing    channel name to its effective producer settings
 * @param admin       the admin settings the service's own admin clients use
 */
public record ServiceKafkaClients(String module, String service, Map<String, Map<String, String>> incoming,
                                  Map<String, Map<String, String>> deadLetters, Map<String, Map<String, String>> outgoing,
                                  Map<String, String> admin, boolean readsTopicRetention) {

    private static final String CONNECTOR = "smallrye-kafka";

    /** Every module of the project whose application.properties configures a Kafka channel. */
    public static List<ServiceKafkaClients> all(Path projectRoot, String profile, Map<String, String> environment) {
        List<ServiceKafkaClients> services = new ArrayList<>();
        try (Stream<Path> modules = Files.list(projectRoot)) {
            for (Path module : modules.sorted().toList()) {
                Path properties = module.resolve("src/main/resources/application.properties");
                if (Files.isRegularFile(properties) && Files.readString(properties).contains("mp.messaging.")) {
                    services.add(of(module, profile, environment));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return services;
    }

    static ServiceKafkaClients of(Path module, String profile, Map<String, String> environment) {
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder()
                    .withProfile(profile)
                    .withSources(new PropertiesConfigSource(module.resolve("src/main/resources/application.properties").toUri().toURL(), 250))
                    .withSources(new PropertiesConfigSource(environment, "environment", 300))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            String plain = name.startsWith("%" + profile + ".") ? name.substring(profile.length() + 2) : name;
            if (!plain.startsWith("%")) {
                config.getOptionalValue(plain, String.class).ifPresent(value -> all.put(plain, value));
            }
        }
        Map<String, String> defaults = withPrefix(all, "kafka.");
        Map<String, String> connector = withPrefix(all, "mp.messaging.connector." + CONNECTOR + ".");
        Map<String, Map<String, String>> incoming = new LinkedHashMap<>();
        Map<String, Map<String, String>> deadLetters = new LinkedHashMap<>();
        Map<String, Map<String, String>> outgoing = new LinkedHashMap<>();
        for (String direction : List.of("incoming", "outgoing")) {
            for (String channel : channels(all, direction)) {
                Map<String, String> own = withPrefix(all, "mp.messaging." + direction + "." + channel + ".");
                if (!CONNECTOR.equals(own.get("connector"))) {
                    continue;
                }
                Map<String, String> effective = layered(defaults, connector, own);
                if (direction.equals("outgoing")) {
                    outgoing.put(channel, effective);
                    continue;
                }
                incoming.put(channel, effective);
                if (List.of("dead-letter-queue", "counted-dead-letter-queue").contains(own.get("failure-strategy"))) {
                    Map<String, String> dlq = layered(effective, withPrefix(own, "dead-letter-queue."), Map.of());
                    dlq.putIfAbsent("topic", "dead-letter-topic-" + channel);
                    deadLetters.put(channel, dlq);
                }
            }
        }
        Map<String, String> admin = new TreeMap<>(defaults);
        admin.keySet().retainAll(AdminClientConfig.configNames());
        String moduleName = module.getFileName().toString();
        return new ServiceKafkaClients(moduleName, moduleName.replaceFirst("-service$", ""), incoming, deadLetters, outgoing,
                admin, usesInMain(module, "ReplayableTopics"));
    }

    /** The consumer group of each incoming channel. */
    public List<String> groups() {
        return incoming.values().stream().map(c -> c.get("group.id")).filter(g -> g != null).distinct().toList();
    }

    public List<String> consumedTopics() {
        return incoming.values().stream().map(c -> c.get("topic")).distinct().toList();
    }

    public List<String> publishedTopics() {
        return outgoing.values().stream().map(c -> c.get("topic")).distinct().toList();
    }

    public List<String> deadLetterTopics() {
        return deadLetters.values().stream().map(c -> c.get("topic")).distinct().toList();
    }

    /** Every client's effective settings, named for messages. */
    public Map<String, Map<String, String>> everyClient() {
        Map<String, Map<String, String>> clients = new LinkedHashMap<>();
        incoming.forEach((channel, settings) -> clients.put(module + " incoming " + channel, settings));
        deadLetters.forEach((channel, settings) -> clients.put(module + " dead-letter producer of " + channel, settings));
        outgoing.forEach((channel, settings) -> clients.put(module + " outgoing " + channel, settings));
        clients.put(module + " admin clients (default-kafka-broker)", admin);
        return clients;
    }

    private static List<String> channels(Map<String, String> all, String direction) {
        String prefix = "mp.messaging." + direction + ".";
        return all.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .map(k -> k.substring(0, k.indexOf('.'))).distinct().toList();
    }

    private static Map<String, String> withPrefix(Map<String, String> all, String prefix) {
        Map<String, String> selected = new TreeMap<>();
        all.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                selected.put(key.substring(prefix.length()), value);
            }
        });
        return selected;
    }

    @SafeVarargs
    private static Map<String, String> layered(Map<String, String>... layers) {
        Map<String, String> merged = new TreeMap<>();
        for (Map<String, String> layer : layers) {
            merged.putAll(layer);
        }
        return merged;
    }

    private static boolean usesInMain(Path module, String simpleName) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> read(f).contains(simpleName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

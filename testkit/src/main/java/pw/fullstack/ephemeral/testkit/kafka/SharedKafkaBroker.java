package pw.fullstack.ephemeral.testkit.kafka;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * One broker per JVM (per kind and partition count), started on first use and stopped when the JVM
 * exits, so a test run pays the broker's start-up once rather than once per Quarkus restart.
 *
 * <p>Quarkus loads test resources again in a fresh class loader when it restarts the application
 * between test classes, so a static field alone would start a second broker. The running broker's
 * address is therefore registered in a system property, which every class loader sees, and start-up
 * is serialised on an interned string, which is one object JVM-wide.
 */
final class SharedKafkaBroker {

    private static final String REGISTRY_PROPERTY_PREFIX = "testkit.kafka.shared-bootstrap-servers.";
    private static final String JVM_WIDE_LOCK = "pw.fullstack.ephemeral.testkit.kafka.SharedKafkaBroker.lock".intern();

    /** A started broker: its address, and how to stop it. */
    record Started(String bootstrapServers, Runnable stop) {
    }

    private SharedKafkaBroker() {
    }

    static String bootstrapServers(KafkaBrokerChoice.Broker kind, int partitionsForAutoCreatedTopics, Supplier<Started> start) {
        String registryKey = REGISTRY_PROPERTY_PREFIX + kind.name().toLowerCase(Locale.ROOT) + ".partitions-" + partitionsForAutoCreatedTopics;
        synchronized (JVM_WIDE_LOCK) {
            String running = System.getProperty(registryKey);
            if (running != null) {
                return running;
            }
            Started broker = start.get();
            Runtime.getRuntime().addShutdownHook(new Thread(broker.stop(), "testkit-shared-kafka-broker-stop"));
            System.setProperty(registryKey, broker.bootstrapServers());
            return broker.bootstrapServers();
        }
    }
}

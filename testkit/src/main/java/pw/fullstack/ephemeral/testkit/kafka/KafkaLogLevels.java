package pw.fullstack.ephemeral.testkit.kafka;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the broker's own loggers down to WARN before it starts (~1,700 INFO lines otherwise).
 *
 * <p>Done in code because in a Quarkus test the broker starts from a test resource, before
 * Quarkus applies {@code quarkus.log.category} settings. It goes through java.util.logging, which
 * is the JBoss LogManager whenever {@code java.util.logging.manager=org.jboss.logmanager.LogManager}
 * (the project's surefire setting, and Quarkus' runtime) — the same backend slf4j-jboss-logmanager
 * routes Kafka's slf4j calls to. An explicit {@code quarkus.log.category."kafka".level} still wins,
 * since Quarkus applies it later.
 */
final class KafkaLogLevels {

    static final List<String> BROKER_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    // java.util.logging keeps loggers weakly; a collected logger would forget its level.
    private static final List<Logger> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

    private KafkaLogLevels() {
    }

    static void quietBrokerLoggers() {
        if (Boolean.getBoolean("testkit.kafka.verbose")) {
            return;
        }
        for (String name : BROKER_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
                HELD.add(logger);
            }
        }
    }
}

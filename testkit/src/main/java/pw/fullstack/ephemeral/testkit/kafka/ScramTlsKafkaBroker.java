package pw.fullstack.ephemeral.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.security.SecureRandom;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.MetadataVersion;
import pw.fullstack.ephemeral.testkit.workload.SimulatedCa;

/**
 * A real Kafka broker (KRaft, one combined node, in this JVM) that clients reach only the way they reach a Strimzi
 * cluster's TLS listener with SCRAM-SHA-512 authentication: {@code SASL_SSL}, a server certificate for
 * {@code localhost} signed by a CA of its own (PEM, in {@link #caCertificateFile()}), SCRAM-SHA-512 users created at
 * start, and Kafka's {@code StandardAuthorizer} with no ACLs: a user may do nothing until ACLs are created (as
 * {@link #ADMIN}, the only super user on that listener). What Strimzi's simple authorization enforces.
 */
public final class ScramTlsKafkaBroker implements AutoCloseable {

    public static final String ADMIN = "admin";
    private static final String LISTENER = "EXTERNAL";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final SimulatedCa ca = new SimulatedCa("testkit-kafka-cluster-ca");
    private KafkaClusterTestKit cluster;
    private Path baseDirectory;
    private Path caFile;
    private String bootstrapServers;

    /** @param users the SCRAM users to create besides {@link #ADMIN}, each with a random password */
    public ScramTlsKafkaBroker(Collection<String> users) {
        passwords.put(ADMIN, password());
        users.forEach(user -> passwords.put(user, password()));
    }

    public synchronized ScramTlsKafkaBroker start() {
        if (cluster != null) {
            return this;
        }
        KafkaLogLevels.quietBrokerLoggers();
        try {
            baseDirectory = Files.createTempDirectory("testkit-kafka-scram-");
            caFile = Files.writeString(baseDirectory.resolve("ca.crt"), ca.certificatePem());
            SimulatedCa.Issued server = ca.issue(List.of("localhost"), Instant.now().minus(Duration.ofHours(1)),
                    Instant.now().plus(Duration.ofDays(1)), "ECDSA", true);
            TestKitNodes nodes = new TestKitNodes.Builder(bootstrapMetadata())
                    .setBaseDirectory(baseDirectory.resolve("nodes"))
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerListenerName(new ListenerName(LISTENER))
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            EmbeddedKafkaBroker.singleNodeConfig(EmbeddedKafkaBroker.DEFAULT_PARTITIONS).forEach(builder::setConfigProp);
            String listener = "listener.name." + LISTENER.toLowerCase() + ".";
            // The test kit builds only PLAINTEXT or SASL_PLAINTEXT listeners itself; it keeps a protocol map it is given.
            builder.setConfigProp("listener.security.protocol.map", LISTENER + ":" + SecurityProtocol.SASL_SSL.name + ",CONTROLLER:PLAINTEXT")
                    .setConfigProp("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                    .setConfigProp("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                    .setConfigProp(listener + "scram-sha-512.sasl.jaas.config", jaasConfig(ADMIN))
                    .setConfigProp(listener + "ssl.keystore.type", "PEM")
                    .setConfigProp(listener + "ssl.keystore.certificate.chain", server.certificatePem())
                    .setConfigProp(listener + "ssl.keystore.key", server.privateKeyPem())
                    .setConfigProp(listener + "ssl.truststore.type", "PEM")
                    .setConfigProp(listener + "ssl.truststore.certificates", ca.certificatePem())
                    .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .setConfigProp("allow.everyone.if.no.acl.found", "false")
                    // ANONYMOUS is the broker itself on the plaintext controller listener, which clients never reach.
                    .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                    // Topics come from KafkaTopics; a client's metadata request must not create one.
                    .setConfigProp("auto.create.topics.enable", "false");
            cluster = EmbeddedKafkaBroker.started(builder, "SASL_SSL Kafka broker");
            bootstrapServers = cluster.bootstrapServers();
            return this;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("SASL_SSL Kafka broker did not start", e);
        }
    }

    public synchronized String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("broker is not running: call start() first");
        }
        return bootstrapServers;
    }

    /** The CA that signed the broker's certificate, PEM: what a client's {@code ssl.truststore.location} points at. */
    public Path caCertificateFile() {
        return caFile;
    }

    /** What Strimzi's User Operator puts in a KafkaUser Secret's {@code sasl.jaas.config}. */
    public String jaasConfig(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SCRAM user " + user + " on this broker: " + passwords.keySet());
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** The settings of a client that authenticates as {@code user}. */
    public Map<String, Object> clientSettings(String user) {
        return Map.of("bootstrap.servers", bootstrapServers(), "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaasConfig(user), "ssl.truststore.type", "PEM", "ssl.truststore.location", caFile.toString());
    }

    @Override
    public synchronized void close() {
        KafkaClusterTestKit stopping = cluster;
        cluster = null;
        EmbeddedKafkaBroker.stop(stopping, "SASL_SSL Kafka broker");
        try {
            if (caFile != null) {
                Files.deleteIfExists(caFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BootstrapMetadata bootstrapMetadata() throws GeneralSecurityException {
        List<ApiMessageAndVersion> records = new ArrayList<>(
                BootstrapMetadata.fromVersion(MetadataVersion.latestProduction(), "testkit").records());
        ScramFormatter formatter = new ScramFormatter(org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512);
        for (Map.Entry<String, String> user : passwords.entrySet()) {
            ScramCredential credential = formatter.generateCredential(user.getValue(), 4096);
            records.add(new ApiMessageAndVersion(new UserScramCredentialRecord()
                    .setName(user.getKey())
                    .setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                    .setSalt(credential.salt())
                    .setStoredKey(credential.storedKey())
                    .setServerKey(credential.serverKey())
                    .setIterations(credential.iterations()), (short) 0));
        }
        return BootstrapMetadata.fromRecords(records, "testkit");
    }

    private static String password() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

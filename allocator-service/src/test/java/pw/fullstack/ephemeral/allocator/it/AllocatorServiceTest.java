package pw.fullstack.ephemeral.allocator.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static pw.fullstack.ephemeral.allocator.Fixtures.T0;
import static pw.fullstack.ephemeral.allocator.Fixtures.closed;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.destroyed;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;
import static pw.fullstack.ephemeral.allocator.Fixtures.provisioningFailed;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.Fixtures;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.allocator.vault.EngineHarness;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.testkit.http.ManagementPortSplit;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * The service as deployed: a real (embedded KRaft) broker, the Vault emulator set up by deploy/vault/setup.sh with
 * the allocator logged in as in production (Kubernetes auth, role allocator, holding only
 * deploy/vault/policies/allocator.hcl, the map and the queue cas_required), the seed's pool of ten addresses. Each test uses its own PR numbers and starts from an empty allocation map and
 * queue; a record counts as handled once the {@code allocator} group has committed past it.
 */
@QuarkusTest
@TestProfile(AllocatorServiceTest.WithoutLimits.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = VaultEmulatorResource.SETUP_SCRIPT_ARG, value = "../deploy/vault/setup.sh"),
        @ResourceArg(name = VaultEmulatorResource.LOGIN_AS_ARG, value = "allocator")})
class AllocatorServiceTest {

    /** These tests fill the pool and the queue from one repository: the limits (AllocationDecisionsTest) are off. */
    public static class WithoutLimits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("allocator.limits.per-repository", "0", "allocator.limits.queue-length", "0");
        }
    }

    private static final String MAP = EngineHarness.MAP_PATH;
    private static final String QUEUE = EngineHarness.STATE_PATH + "/queue";
    private static final String GROUP = "allocator";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static LifecycleTopicClient kafka;

    /** The management interface (health, metrics, {@code /pool}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @InjectVaultEmulator
    VaultEmulator vault;

    @jakarta.inject.Inject
    io.smallrye.reactive.messaging.kafka.KafkaClientService kafkaClients;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void emptyPool() {
        if (kafka == null) {
            kafka = new LifecycleTopicClient(bootstrap);
        }
        if (!vault.isRunning()) {
            vault.restartOnSamePort();
        }
        vault.unseal();
        vault.write("kv", MAP, Map.of("_empty", "true"));
        vault.write("kv", QUEUE, Map.of("entries", List.of()));
    }

    @AfterAll
    static void closeClient() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /**
     * The Vault login of %prod (Kubernetes auth, role allocator): the role this test logs in with is the one the
     * production profile names, and the service's token carries only the allocator's deploy policy.
     */
    @Test
    void logsInToVaultAsItsProductionRoleHoldingOnlyItsDeployPolicy() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }

        management().get("/pool").then().statusCode(200);

        assertThat(properties.getProperty("%prod.quarkus.vault.authentication.kubernetes.role")).isEqualTo("allocator");
        assertThat(properties.getProperty("%prod.quarkus.vault.authentication.kubernetes.jwt-token-path"))
                .isEqualTo("/var/run/secrets/vault/token");
        assertThat(properties.getProperty("%prod.quarkus.vault.tls.use-kubernetes-ca-cert")).isEqualTo("false");
        assertThat(vault.liveTokens()).anySatisfy(token -> {
            assertThat(token.policies()).containsExactly("allocator", "default");
            assertThat(token.meta()).containsEntry("service_account_name", "allocator")
                    .containsEntry("service_account_namespace", VaultEmulatorResource.NAMESPACE);
        });
    }

    @Test
    void aHundredPrOpenedConsumedByTwoGroupMembersGiveCapacityManyBlocksAndQueueTheRestWithoutFailures() {
        Pool pool = Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of(), 1);
        EngineHarness secondInstance = new EngineHarness(vault, pool, kafka::send);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> memberFailure = new AtomicReference<>();
        AtomicInteger memberHandled = new AtomicInteger();
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        Thread member = new Thread(() -> runGroupMember(secondInstance, running, memberHandled, memberFailure, assigned),
                "second-allocator");
        member.start();
        try {
            // Both members hold partitions before anything is sent, so both take a share of the PRs.
            await().atMost(PATIENCE).until(() -> assigned.getCount() == 0);
            List<Integer> prs = IntStream.range(1000, 1100).boxed().toList();
            List<RecordMetadata> sent = prs.stream().map(n -> kafka.send(opened(n))).toList();

            await().atMost(PATIENCE).until(() -> sent.stream().allMatch(r -> kafka.committedPast(GROUP, r)));

            Set<String> ours = prs.stream().map(n -> cluster(n).value()).collect(Collectors.toSet());
            Map<String, Object> map = vault.read("kv", MAP).orElseThrow();
            assertThat(map).hasSize(10);
            assertThat(new HashSet<>(map.values())).hasSize(10);
            assertThat(ours).containsAll(map.values().stream().map(Object::toString).toList());
            AllocationQueue queue = secondInstance.store.readQueue().value();
            assertThat(queue.size()).isEqualTo(90);
            assertThat(queue.entries()).extracting(e -> e.cluster().value())
                    .doesNotHaveDuplicates().doesNotContainAnyElementsOf(map.values().stream()
                            .map(Object::toString).toList());

            await().atMost(PATIENCE).untilAsserted(() -> {
                List<EventEnvelope<IpAllocated>> allocated = kafka.events(IpAllocated.class).stream()
                        .filter(e -> ours.contains(e.subject())).toList();
                Map<String, List<Ipv4Address>> byCluster = new LinkedHashMap<>();
                allocated.forEach(e -> byCluster.put(e.subject(), e.data().addresses()));
                assertThat(byCluster).hasSize(10);
                assertThat(byCluster.values().stream().flatMap(List::stream).toList()).doesNotHaveDuplicates();
                Map<String, Integer> positions = new LinkedHashMap<>();
                kafka.events(AllocationQueued.class).stream().filter(e -> ours.contains(e.subject()))
                        .forEach(e -> positions.put(e.subject(), e.data().position()));
                assertThat(positions).hasSize(90);
                positions.forEach((name, position) ->
                        assertThat(queue.positionOf(ClusterName.of(name))).hasValue(position));
            });
            assertThat(kafka.deadLetters()).noneMatch(r -> ours.contains(r.key()));
            assertThat(memberFailure.get()).isNull();
            assertThat(memberHandled.get()).as("PrOpened handled by the second member; the service handled the rest")
                    .isBetween(1, prs.size() - 1);
        } finally {
            running.set(false);
            joinQuietly(member);
        }
    }

    /** A second allocator instance: a member of the same consumer group, on the same Vault. */
    private void runGroupMember(EngineHarness instance, AtomicBoolean running, AtomicInteger handledPrOpened,
                                AtomicReference<Throwable> failure, java.util.concurrent.CountDownLatch assigned) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(GROUP)) {
            consumer.subscribe(List.of(LifecycleTopic.NAME), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        assigned.countDown();
                    }
                }
            });
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    EventEnvelope<LifecycleEvent> envelope = LifecycleRecordCodec.decode(r.headers(), r.value());
                    apply(instance, envelope);
                    if (envelope.data() instanceof PrOpened) {
                        handledPrOpened.incrementAndGet();
                    }
                }
                consumer.commitSync();
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static void apply(EngineHarness instance, EventEnvelope<LifecycleEvent> envelope) {
        EventEnvelope<?> any = envelope;
        if (envelope.data() instanceof PrOpened) {
            instance.engine.onPrOpened((EventEnvelope<PrOpened>) any);
        } else if (envelope.data() instanceof PrClosed) {
            instance.engine.onPrClosed((EventEnvelope<PrClosed>) any);
        } else if (envelope.data() instanceof ClusterDestroyed) {
            instance.engine.onClusterDestroyed((EventEnvelope<ClusterDestroyed>) any);
        }
    }

    @Test
    void anEventCountsAsPublishedOnlyOnceEveryInSyncReplicaHasIt() {
        // A leader lost right after an acks=1 publish would lose an event whose cause was already
        // acknowledged. One embedded broker cannot lose a leader (nor, in KRaft, refuse acks=all for a
        // min.insync.replicas above its one replica), so the running producer's configuration is checked.
        Map<String, ?> producer = kafkaClients.getProducer(LifecyclePublisher.CHANNEL).configuration();
        assertThat(String.valueOf(producer.get("acks"))).isEqualTo("all");
        assertThat(String.valueOf(producer.get("enable.idempotence"))).isNotEqualTo("false");
    }

    @Test
    void replayingTheSameEventsAndAnOldPrOpenedAfterCloseAndDestroyChangesNothingInVault() {
        EventEnvelope<PrOpened> run1 = opened(2001);
        EventEnvelope<PrOpened> run2 = opened(2002);
        List<EventEnvelope<?>> history = List.of(run1, run2, closed(run1, T0.plusSeconds(600)),
                destroyed(run1, DestroyReason.EXPIRED));
        RecordMetadata last = null;
        for (EventEnvelope<?> e : history) {
            last = kafka.send(e);
        }
        RecordMetadata lastOfFirstPass = last;
        await().atMost(PATIENCE).until(() -> kafka.committedPast(GROUP, lastOfFirstPass)
                && kafka.events(IpReleased.class).stream().anyMatch(e -> e.subject().equals(cluster(2001).value())));
        Map<String, Integer> versions = versions(2001, 2002);
        // Which address run 2 got depends on partition order (the two clusters have different keys).
        Map<String, Object> allocationsBefore = vault.read("kv", MAP).orElseThrow();
        assertThat(allocationsBefore.values()).containsExactly(cluster(2002).value());
        Set<String> idsSoFar = kafka.events().stream().map(EventEnvelope::id).collect(Collectors.toSet());

        RecordMetadata lastReplayed = null;
        for (EventEnvelope<?> e : history) {
            lastReplayed = kafka.send(e);
        }
        kafka.send(opened(2001, T0.plusSeconds(300)));
        RecordMetadata oldRunAgain = kafka.send(run1);
        RecordMetadata replayDone = oldRunAgain.offset() > lastReplayed.offset() ? oldRunAgain : lastReplayed;

        await().atMost(PATIENCE).until(() -> kafka.committedPast(GROUP, replayDone));
        assertThat(versions(2001, 2002)).isEqualTo(versions);
        assertThat(vault.read("kv", MAP).orElseThrow()).isEqualTo(allocationsBefore);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> kafka.events().stream()
                .filter(e -> e.subject().equals(cluster(2001).value()) || e.subject().equals(cluster(2002).value()))
                .allMatch(e -> idsSoFar.contains(e.id()) || !(e.data() instanceof IpAllocated)));
    }

    @Test
    void clusterDestroyedAfterAFailedProvisioningReleasesTheBlockToTheHeadOfTheQueueButProvisioningFailedAloneDoesNot() {
        Map<String, Object> almostFull = new LinkedHashMap<>();
        IntStream.rangeClosed(141, 149).forEach(i -> almostFull.put("192.168.1." + i, "pr-other-" + i));
        vault.write("kv", MAP, almostFull);
        EventEnvelope<PrOpened> failing = opened(3001);
        EventEnvelope<PrOpened> waiting = opened(3002);
        kafka.send(failing);
        // The two clusters' records may land on different partitions: order them explicitly.
        await().atMost(PATIENCE).until(() -> kafka.events(IpAllocated.class).stream()
                .anyMatch(e -> e.subject().equals(cluster(3001).value())));
        kafka.send(waiting);
        await().atMost(PATIENCE).until(() -> kafka.events(AllocationQueued.class).stream()
                .anyMatch(e -> e.subject().equals(cluster(3002).value())));

        RecordMetadata failed = kafka.send(provisioningFailed(failing));
        await().atMost(PATIENCE).until(() -> kafka.committedPast(GROUP, failed));
        assertThat(vault.read("kv", MAP).orElseThrow()).containsEntry("192.168.1.140", cluster(3001).value());

        kafka.send(destroyed(failing, DestroyReason.PROVISIONING_FAILED));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(kafka.events(IpReleased.class)).anySatisfy(e -> {
                assertThat(e.subject()).isEqualTo(cluster(3001).value());
                assertThat(e.data().reason()).isEqualTo(DestroyReason.PROVISIONING_FAILED);
            });
            assertThat(kafka.events(IpAllocated.class)).anySatisfy(e -> {
                assertThat(e.subject()).isEqualTo(cluster(3002).value());
                assertThat(e.data().addresses()).containsExactly(Ipv4Address.parse("192.168.1.140"));
                assertThat(e.correlationId()).isEqualTo(waiting.correlationId());
            });
        });
        assertThat(vault.read("kv", MAP).orElseThrow()).containsEntry("192.168.1.140", cluster(3002).value());
        management().get("/pool").then().statusCode(200)
                .body("total", equalTo(10))
                .body("free", equalTo(0))
                .body("queue", hasSize(0))
                .body("allocations.find { it.cluster == '" + cluster(3002) + "' }.addresses[0]",
                        equalTo("192.168.1.140"));
    }

    @Test
    void aPoisonMessageLandsOnTheDeadLetterTopicWithTheReasonAndTheNextEventIsProcessed() {
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(LifecycleTopic.NAME, cluster(4001).value(),
                "{not a cloud event".getBytes(StandardCharsets.UTF_8));
        kafka.sendRaw(poison);
        EventEnvelope<PrOpened> valid = opened(4001);
        kafka.send(valid);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(kafka.deadLetters()).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(cluster(4001).value());
                assertThat(header(r, "dead-letter-reason")).contains("CloudEvent");
            });
            assertThat(kafka.events(IpAllocated.class)).anyMatch(e -> e.subject().equals(cluster(4001).value()));
        });
    }

    @Test
    void aPrOpenedWhoseClusterNameIsNotThePrsIsRefusedToTheDeadLetterTopicAndTouchesNothing() {
        PrOpened honest = opened(4101).data();
        EventEnvelope<PrOpened> forged = EventEnvelope.start(Fixtures.BRIDGE, new PrOpened(honest.pullRequest(),
                ClusterName.of("kube-system"), honest.branch(), honest.headSha(), honest.options(), honest.openedAt()));
        int mapVersion = vault.currentVersion("kv", MAP);
        kafka.send(forged);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kafka.deadLetters()).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo("kube-system");
            assertThat(header(r, "dead-letter-reason")).contains("kube-system is not the name of fullstack-pw/cks-backend#4101");
        }));
        assertThat(vault.currentVersion("kv", MAP)).isEqualTo(mapVersion);
        assertThat(vault.currentVersion("kv", EngineHarness.STATE_PATH + "/clusters/kube-system")).isZero();
    }

    @Test
    void aMalformedRecordInVaultDeadLettersOnlyItsClustersEventAndReadinessNamesItUntilRepaired() {
        String path = EngineHarness.STATE_PATH + "/clusters/" + cluster(4201).value();
        vault.write("kv", path, Map.of("cluster", cluster(4201).value(), "since", "last tuesday"));
        kafka.send(opened(4201));
        kafka.send(opened(4202));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(kafka.deadLetters()).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(cluster(4201).value());
                assertThat(header(r, "dead-letter-reason")).contains(path).contains("field since");
            });
            assertThat(kafka.events(IpAllocated.class)).anyMatch(e -> e.subject().equals(cluster(4202).value()));
        });
        management().get("/q/health/ready").then().statusCode(503).body(containsString(path));

        vault.write("kv", path, Map.of("cluster", cluster(4201).value()));

        management().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void whileVaultIsDownNoEventIsLostHealthIsDownAndTheAllocationCompletesWhenVaultReturns() {
        management().get("/q/health/ready").then().statusCode(200);
        vault.stop();
        EventEnvelope<PrOpened> run = opened(5001);
        kafka.send(run);

        // DOWN, and the handler is retrying the event (not dead-lettering it).
        await().atMost(PATIENCE).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(503)
                .body(containsString("handler-retrying-since")));
        assertThat(kafka.deadLetters()).noneMatch(r -> cluster(5001).value().equals(r.key()));

        vault.restartOnSamePort();

        await().atMost(PATIENCE).until(() -> kafka.events(IpAllocated.class).stream()
                .anyMatch(e -> e.subject().equals(cluster(5001).value())));
        await().atMost(PATIENCE).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
        assertThat(vault.read("kv", MAP).orElseThrow()).containsValue(cluster(5001).value());
        assertThat(kafka.deadLetters()).noneMatch(r -> cluster(5001).value().equals(r.key()));
    }

    @Test
    void healthMetricsAndThePoolAreServedOnTheManagementPortAndNotOnTheMainOne() {
        ManagementPortSplit.assertServedOnlyByTheManagementPort(RestAssured.port, managementUrl.getPort(), "/pool");
    }

    @Test
    void aSealedVaultMakesReadinessDown() {
        vault.seal();
        management().get("/q/health/ready").then().statusCode(503).body(containsString("sealed"));
        vault.unseal();
        management().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void thePoolEndpointShowsAllocationsWithSinceAndTheQueueWithPositions() {
        Map<String, Object> full = new LinkedHashMap<>();
        IntStream.rangeClosed(140, 148).forEach(i -> full.put("192.168.1." + i, "pr-other-" + i));
        vault.write("kv", MAP, full);
        kafka.send(opened(6001));
        kafka.send(opened(6002));
        kafka.send(opened(6003));

        await().atMost(PATIENCE).untilAsserted(() -> management().get("/pool").then().statusCode(200)
                .body("total", equalTo(10))
                .body("free", equalTo(0))
                .body("allocations", hasSize(10))
                .body("queue", hasSize(2))
                .body("queue.position", equalTo(List.of(1, 2))));
        String holder = management().get("/pool").then().extract()
                .path("allocations.find { it.addresses[0] == '192.168.1.149' }.cluster");
        assertThat(holder).isIn(cluster(6001).value(), cluster(6002).value(), cluster(6003).value());
        management().get("/pool").then()
                .body("allocations.find { it.cluster == '" + holder + "' }.since", org.hamcrest.Matchers.notNullValue())
                .body("allocations.find { it.cluster == 'pr-other-140' }.since", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void metricsExposePoolSizeFreeQueueLatencyAndCasConflicts() {
        double conflicts = metric("allocator_cas_conflicts_total");
        vault.casConflictNext(3);
        kafka.send(opened(7001));
        await().atMost(PATIENCE).until(() -> kafka.events(IpAllocated.class).stream()
                .anyMatch(e -> e.subject().equals(cluster(7001).value())));

        assertThat(metric("allocator_cas_conflicts_total")).as("three lost check-and-set races, each counted")
                .isEqualTo(conflicts + 3);
        assertThat(metric("allocator_pool_size")).isEqualTo(10.0);
        int free = management().get("/pool").then().extract().path("free");
        int queued = management().get("/pool").then().extract().path("queue.size()");
        assertThat(metric("allocator_pool_free")).isEqualTo(free);
        assertThat(metric("allocator_queue_length")).isEqualTo(queued);
        assertThat(metric("allocator_allocation_latency_seconds_count")).isPositive();
    }

    /** The sum of a metric's series on /q/metrics; 0 while it is not registered. */
    private double metric(String name) {
        return pw.fullstack.ephemeral.testkit.metrics.PrometheusText.sum(
                management().get("/q/metrics").then().statusCode(200).extract().asString(), name, "");
    }

    private Map<String, Integer> versions(int... prs) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        versions.put(MAP, vault.currentVersion("kv", MAP));
        versions.put(QUEUE, vault.currentVersion("kv", QUEUE));
        for (int pr : prs) {
            String path = EngineHarness.STATE_PATH + "/clusters/" + cluster(pr).value();
            versions.put(path, vault.currentVersion("kv", path));
        }
        return versions;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}

package pw.fullstack.ephemeral.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Splits the launcher JVM's CPU between what runs in it, by thread name ({@code /proc/self/task/<tid>/stat}'s
 * {@code comm}: the Java thread name, cut to 15 characters): the Kafka broker, the JVM itself (garbage
 * collection, JIT compilers), and the rest — the stand-ins (mock API servers, the simulated Cluster API
 * controller and workloads, the Vault emulator, the GitHub double) and the launcher's own Kafka clients.
 * Threads that ended within the window are only in the process's total: reported as their own part.
 */
public final class LauncherThreads {

    public static final String BROKER = "broker";
    public static final String JVM = "JVM (GC, JIT)";
    public static final String STAND_INS = "stand-ins";
    public static final String ENDED = "ended threads";

    private static final List<String> JVM_THREADS = List.of("GC Thread", "G1 ", "C1 CompilerThre", "C2 CompilerThre",
            "VM Thread", "VM Periodic", "Sweeper", "Service Thread", "Monitor Deflati", "Common-Cleaner", "Signal Dispatch",
            "Reference Handl", "Finalizer", "Notification Th");
    // KafkaClusterTestKit's broker and controller, in KRaft combined mode (their clients are the launcher's own)
    private static final List<String> BROKER_THREADS = List.of("data-plane-kafk", "kafka-request-", "kafka-network-",
            "kafka-schedule", "kafka-0-", "kafka-log-clea", "kafka-cluster-t", "broker-", "controller-", "quorum-controll",
            "raft-", "ExpirationReape", "executor-", "group-coordinat", "share-coordinat", "share-group-loc", "transaction-log",
            "TxnMarkerSender", "persister-state", "PersisterStateM", "LogDirFailureHa", "client-metrics-", "metrics-meter-t");

    private LauncherThreads() {
    }

    /** The part a thread's CPU belongs to, by its (15-character) name. */
    static String partOf(String comm) {
        if (comm.startsWith("kafka-producer-") || comm.startsWith("kafka-admin-")) {
            return STAND_INS;
        }
        if (JVM_THREADS.stream().anyMatch(comm::startsWith)) {
            return JVM;
        }
        if (BROKER_THREADS.stream().anyMatch(comm::startsWith)) {
            return BROKER;
        }
        return STAND_INS;
    }

    /**
     * Milliseconds per part between two readings of every thread ({@code tid -> stat}), the process's total
     * (clock ticks) giving the {@link #ENDED} part.
     */
    public static Map<String, Long> split(Map<Long, ProcStat> before, Map<Long, ProcStat> after, long processTicks,
                                          long clockTicksPerSecond) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        List.of(BROKER, STAND_INS, JVM, ENDED).forEach(part -> ticks.put(part, 0L));
        long threads = 0;
        for (Map.Entry<Long, ProcStat> thread : after.entrySet()) {
            ProcStat old = before.get(thread.getKey());
            long used = thread.getValue().cpuTicks() - (old == null ? 0 : old.cpuTicks());
            if (used > 0) {
                ticks.merge(partOf(thread.getValue().comm()), used, Long::sum);
                threads += used;
            }
        }
        ticks.put(ENDED, Math.max(0, processTicks - threads));
        Map<String, Long> millis = new LinkedHashMap<>();
        ticks.forEach((part, t) -> millis.put(part, t * 1000 / clockTicksPerSecond));
        return millis;
    }

    /** Every thread of this JVM now, by thread id. */
    public static Map<Long, ProcStat> sample() {
        Map<Long, ProcStat> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> ProcStat.read(task.resolve("stat"))
                    .ifPresent(stat -> threads.put(Long.parseLong(task.getFileName().toString()), stat)));
        } catch (IOException | RuntimeException e) {
            // not Linux: no split
        }
        return threads;
    }
}

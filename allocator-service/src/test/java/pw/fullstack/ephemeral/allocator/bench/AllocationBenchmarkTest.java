package pw.fullstack.ephemeral.allocator.bench;

import static pw.fullstack.ephemeral.allocator.Fixtures.opened;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.allocation.EngineListener;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.allocator.vault.EngineHarness;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * Not part of {@code mvn verify}: run with {@code mvn -pl allocator-service -Pbench test}. The
 * engine on quarkus-vault's low-level client against the Vault emulator over loopback HTTP; events
 * go to an in-memory sink, so the figures are the Vault side of an allocation (no Kafka). Prints
 * the figures and writes them to {@code target/benchmark.txt}.
 */
@Tag("benchmark")
class AllocationBenchmarkTest {

    private static final int WARMUP = 200;
    private static final int SEQUENTIAL = 1000;

    @Test
    void allocationLatencyAndThroughput() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("cores: ").append(Runtime.getRuntime().availableProcessors())
                .append(", java ").append(System.getProperty("java.version")).append('\n');

        try (VaultEmulator vault = VaultEmulator.start()) {
            Pool big = Pool.of(List.of("10.8.0.0-10.8.15.255"), List.of(), 1);
            EngineHarness h = new EngineHarness(vault, big, e -> { });
            for (int i = 1; i <= WARMUP; i++) {
                h.engine.onPrOpened(opened(i));
            }
            List<Long> micros = new ArrayList<>();
            for (int i = WARMUP + 1; i <= WARMUP + SEQUENTIAL; i++) {
                long t = System.nanoTime();
                h.engine.onPrOpened(opened(i));
                micros.add((System.nanoTime() - t) / 1_000);
            }
            report.append(String.format("sequential allocations (one engine, %d after %d warm-up, map growing to %d"
                            + " entries): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    SEQUENTIAL, WARMUP, WARMUP + SEQUENTIAL, pct(micros, 50), pct(micros, 99), pct(micros, 100)));
        }

        report.append(concurrent("100 concurrent PrOpened, pool of 1024 (all get a block), two engines",
                Pool.of(List.of("10.9.0.0-10.9.3.255"), List.of(), 1)));
        report.append(concurrent("100 concurrent PrOpened, seed pool of 10 (10 allocated, 90 queued), two engines",
                Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of(), 1)));

        System.out.println("\n==== allocator benchmark ====\n" + report);
        Path out = Path.of("target", "benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private static String concurrent(String label, Pool pool) throws Exception {
        try (VaultEmulator vault = VaultEmulator.start()) {
            AtomicInteger conflicts = new AtomicInteger();
            EngineListener counting = new EngineListener() {
                @Override
                public void casConflict(String document) {
                    conflicts.incrementAndGet();
                }
            };
            EngineHarness a = new EngineHarness(vault, pool, e -> { }, counting);
            EngineHarness b = new EngineHarness(vault, pool, e -> { }, counting);
            ExecutorService threads = Executors.newFixedThreadPool(100);
            try {
                CountDownLatch gate = new CountDownLatch(1);
                List<Long> micros = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    int n = i;
                    futures.add(threads.submit(() -> {
                        gate.await();
                        long t = System.nanoTime();
                        (n % 2 == 0 ? a : b).engine.onPrOpened(opened(10_000 + n));
                        micros.add((System.nanoTime() - t) / 1_000);
                        return null;
                    }));
                }
                long start = System.nanoTime();
                gate.countDown();
                for (Future<?> f : futures) {
                    f.get(300, TimeUnit.SECONDS);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return String.format("%s: all done in %.2f s = %.0f requests/s; per request p50 %.0f ms,"
                                + " p99 %.0f ms; %d CAS conflicts retried; %d HTTP requests to Vault%n",
                        label, seconds, 100 / seconds, pct(micros, 50) , pct(micros, 99), conflicts.get(),
                        vault.requestCount());
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Percentile in milliseconds of microsecond samples. */
    private static double pct(List<Long> micros, int percentile) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1000.0;
    }

}

package pw.fullstack.ephemeral.sandbox.faults;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;

/**
 * The ways the parts around the services misbehave, injected into a running sandbox for a while and
 * healed on their own when the while is over ({@link #healAll()} heals everything at once). Each is
 * what the real part does, through the same wire contract: Vault answers 503 sealed, or slowly, or
 * 400 check-and-set conflicts; the tools API server answers 500 or slowly; namespaces stay
 * Terminating; the broker refuses publishes to the lifecycle topic (NOT_ENOUGH_REPLICAS, retriable,
 * as when a broker of the ISR is lost); a service is killed with {@code kill -9} and started again.
 */
public final class FaultInjector implements AutoCloseable {

    /** What can be injected; {@link #description()} says what a user of the sandbox sees. */
    public enum Fault {
        VAULT_SEALED("Vault sealed (503 on every request)"),
        VAULT_SLOW("Vault answers 1 s late"),
        CAS_STORM("Vault answers check-and-set conflicts to the next writes"),
        TOOLS_API_FAILING("the tools API server answers 500 to everything"),
        TOOLS_API_SLOW("the tools API server answers 2 s late"),
        NAMESPACES_TERMINATING("deleted namespaces stay Terminating"),
        BROKER_REFUSING_PUBLISHES("the broker refuses publishes to the lifecycle topic (not authorized to write), reads go on"),
        KILL_SERVICE("kill -9 of a service, then a fresh JVM");

        private final String description;

        Fault(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** {@code vault-sealed} → VAULT_SEALED. */
        public static Fault parse(String name) {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Sandbox sandbox;
    private final ScheduledExecutorService healer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-fault-healer");
        thread.setDaemon(true);
        return thread;
    });

    /** What the sandbox's broker needs for these faults. */
    public static final java.util.Map<String, String> BROKER_CONFIG = BrokerRefusingPublishes.BROKER_CONFIG;

    private final BrokerRefusingPublishes refusal;

    public FaultInjector(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.refusal = new BrokerRefusingPublishes(sandbox.kafkaBootstrapServers());
    }

    /**
     * Injects the fault for {@code duration} (a CAS storm: as many conflicts as seconds times four; a
     * kill: the named service, or the allocator when none is named) and returns what was done. A kill
     * returns once the new JVM is ready.
     */
    public String inject(Fault fault, Duration duration, SandboxService service) {
        switch (fault) {
            case VAULT_SEALED -> {
                sandbox.vault().seal();
                healAfter(duration, () -> sandbox.vault().unseal());
            }
            case VAULT_SLOW -> {
                sandbox.vault().delayResponses(Duration.ofSeconds(1));
                healAfter(duration, () -> sandbox.vault().delayResponses(Duration.ZERO));
            }
            case CAS_STORM -> sandbox.vault().casConflictNext((int) Math.max(1, duration.toSeconds() * 4));
            case TOOLS_API_FAILING -> sandbox.toolsCluster().failRequestsFor(duration, 500);
            case TOOLS_API_SLOW -> sandbox.toolsCluster().delayRequestsFor(duration, Duration.ofSeconds(2));
            case NAMESPACES_TERMINATING -> {
                sandbox.toolsCluster().holdNamespacesTerminating(duration);
                healAfter(duration, () -> sandbox.toolsCluster().holdNamespacesTerminating(Duration.ZERO));
            }
            case BROKER_REFUSING_PUBLISHES -> {
                refusal.refuse();
                healAfter(duration, refusal::accept);
            }
            case KILL_SERVICE -> {
                SandboxService victim = service == null ? SandboxService.ALLOCATOR : service;
                sandbox.crashAndRestartUntilReady(victim, Duration.ofMinutes(3));
                return fault.description() + ": " + victim.label();
            }
        }
        return fault.description() + " for " + duration.toSeconds() + " s";
    }

    /** Every timed fault ends now. */
    public void healAll() {
        sandbox.vault().unseal();
        sandbox.vault().delayResponses(Duration.ZERO);
        sandbox.toolsCluster().failRequestsFor(Duration.ZERO, 500);
        sandbox.toolsCluster().delayRequestsFor(Duration.ZERO, Duration.ZERO);
        sandbox.toolsCluster().holdNamespacesTerminating(Duration.ZERO);
        refusal.accept();
    }

    private void healAfter(Duration duration, Runnable heal) {
        healer.schedule(() -> {
            try {
                heal.run();
            } catch (RuntimeException e) {
                System.err.println("sandbox: healing a fault failed: " + e);
            }
        }, duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        healer.shutdownNow();
    }
}

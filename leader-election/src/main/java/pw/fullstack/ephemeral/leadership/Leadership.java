package pw.fullstack.ephemeral.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether this replica leads its service. With {@code <service>.leader-election.enabled} (the default) it stands
 * for the service's Lease from start-up to shutdown ({@link LeaseElection}); off, it leads alone from start-up.
 * Every change is fired as a {@link LeadershipChange}; the gauge {@code ephemeral_leader{service}} is 1 while this
 * replica leads, and readiness ({@link LeadershipCheck}) names its role.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    @Inject
    LeaderElectionSetup setup;

    @Inject
    Instance<KubernetesClient> client;

    @Inject
    Event<LeadershipChange> changes;

    @Inject
    Instance<MeterRegistry> registry;

    private volatile LeaseElection election;
    private volatile KubernetesClient electionClient;
    private volatile boolean alone;
    private volatile Gauge gauge;

    /** Early (before the services' own start-up observers): they may ask {@link #leads()}. */
    void start(@Observes @Priority(10) StartupEvent event) {
        if (registry.isResolvable()) {
            gauge = Gauge.builder("ephemeral.leader", this, l -> l.leads() ? 1 : 0)
                    .description("1 while this replica leads its service (runs its loops), 0 while it follows")
                    .tag("service", setup.service())
                    .register(registry.get());
        }
        if (!setup.settings().enabled()) {
            LOG.infof("%s: leader election off; this replica leads alone (run one replica)", setup.service());
            alone = true;
            changes.fire(new LeadershipChange(true));
            return;
        }
        KubernetesClient kubernetes = client.get();
        Candidate candidate = Candidate.of(setup.service(), setup.settings(), kubernetes.getNamespace(), System.getenv());
        electionClient = LeaseElection.electionClient(kubernetes, candidate);
        election = new LeaseElection(electionClient, candidate, new LeaseElection.Listener() {
            @Override
            public void acquired() {
                changes.fire(new LeadershipChange(true));
            }

            @Override
            public void lost() {
                changes.fire(new LeadershipChange(false));
            }
        });
        election.start();
    }

    void stop(@Observes ShutdownEvent event) {
        // Micrometer's global registry outlives the application (a restart in the same JVM would keep this gauge,
        // bound to this instance, instead of registering the new one's).
        Gauge registered = gauge;
        if (registered != null && registry.isResolvable()) {
            registry.get().remove(registered);
            gauge = null;
        }
        LeaseElection current = election;
        if (current != null) {
            current.close();
            electionClient.close();
        }
        if (alone) {
            alone = false;
            changes.fire(new LeadershipChange(false));
        }
    }

    /** Whether this replica leads now: loops that act outside a Kafka handler act only while this is true. */
    public boolean leads() {
        LeaseElection current = election;
        return current != null ? current.leads() : alone;
    }

    /** The service's name, as in the gauge. */
    public String service() {
        return setup.service();
    }

    /** This replica's candidate (lease, identity, timings); empty with the election off. */
    public Optional<Candidate> candidate() {
        return Optional.ofNullable(election).map(LeaseElection::candidate);
    }

    /** Who this replica last saw holding the lease. */
    public Optional<String> holder() {
        return Optional.ofNullable(election).flatMap(LeaseElection::holder);
    }
}

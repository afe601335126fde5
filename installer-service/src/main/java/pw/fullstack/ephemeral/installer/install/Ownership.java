package pw.fullstack.ephemeral.installer.install;

import java.util.Optional;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/**
 * Whose events the installer acts on, as pure functions of the event, its run and what the tools
 * cluster shows. The run that owns a cluster is the provisioner's {@code correlation-id} on it (the
 * run of its latest ClusterReady); every other run's event is a no-op, whatever its age.
 */
public final class Ownership {

    private Ownership() {
    }

    /** What to do with an event. */
    public sealed interface Decision {
    }

    /** Install for the run; {@code recheck} when an earlier run's installation is there (a reopened PR adopted the cluster). */
    public record Start(boolean recheck) implements Decision {
    }

    /** Take the DNS record away and answer with DnsReleased. */
    public record Release() implements Decision {
    }

    public record Ignore(String reason, String metric) implements Decision {
    }

    /** Refused to the dead-letter topic; nothing touched. */
    public record Refuse(String reason) implements Decision {
    }

    public static Decision onClusterReady(String run, ClusterReady event, ClusterNaming naming, VaultSecretRef expectedKubeconfig,
                                          Optional<Installation> cluster) {
        if (!naming.agreesWith(event)) {
            return new Refuse(wrongName(event, naming));
        }
        if (!event.kubeconfig().equals(expectedKubeconfig)) {
            return new Refuse("kubeconfig reference " + event.kubeconfig() + " is not where the provisioner keeps this"
                    + " cluster's kubeconfig (" + expectedKubeconfig + "): refused, nothing read");
        }
        if (cluster.isEmpty()) {
            return new Ignore("no managed Cluster " + event.clusterName() + " on the tools cluster", "no-cluster");
        }
        Installation installation = cluster.get();
        if (!installation.owner().map(run::equals).orElse(false)) {
            return new Ignore("ClusterReady of run " + run + " ignored: the cluster belongs to run "
                    + installation.owner().orElse("(none)"), "other-saga");
        }
        if (installation.run().map(run::equals).orElse(false)) {
            return new Ignore("run " + run + " is already " + installation.step().map(InstallStep::wireName).orElse("started"),
                    "duplicate");
        }
        return new Start(installation.run().isPresent());
    }

    public static Decision onClusterExpired(String run, ClusterExpired event, ClusterNaming naming,
                                            Optional<Installation> cluster) {
        if (!naming.agreesWith(event)) {
            return new Refuse(wrongName(event, naming));
        }
        if (cluster.isEmpty()) {
            return new Ignore("no managed Cluster " + event.clusterName() + ": nothing to release", "no-cluster");
        }
        Installation installation = cluster.get();
        if (!installation.owner().map(run::equals).orElse(false)) {
            return new Ignore("ClusterExpired of run " + run + " ignored: the cluster belongs to run "
                    + installation.owner().orElse("(none)"), "other-saga");
        }
        boolean releasing = installation.step().map(s -> s == InstallStep.RELEASING || s == InstallStep.RELEASED).orElse(false);
        if (releasing && installation.run().map(run::equals).orElse(false)) {
            return new Ignore("release already " + installation.step().get().wireName(), "duplicate");
        }
        return new Release();
    }

    private static String wrongName(LifecycleEvent event, ClusterNaming naming) {
        return naming.disagreement(event).orElse("names disagree") + ": refused, nothing touched";
    }
}

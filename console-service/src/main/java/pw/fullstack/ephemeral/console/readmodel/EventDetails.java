package pw.fullstack.ephemeral.console.readmodel;

import java.util.List;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * What an event says, in words fit for anyone who may open the console: the fields a PR comment shows. A
 * ClusterReady's kubeconfig location in Vault and its API endpoint are left out on purpose, and so is everything
 * not named here (a new field of an event shows up only once someone decides it may).
 */
final class EventDetails {

    private EventDetails() {
    }

    static String of(LifecycleEvent event) {
        // Java 17: no pattern matching for switch, so an instanceof chain over the sealed type.
        if (event instanceof PrOpened opened) {
            return "branch " + opened.branch().value() + (opened.headSha() == null ? "" : " at " + shortSha(opened.headSha().toString()))
                    + (opened.options().installPostgres() ? ", with PostgreSQL" : "");
        } else if (event instanceof PrUpdated updated) {
            return "branch " + updated.branch().value() + " now at " + shortSha(updated.headSha().toString());
        } else if (event instanceof PrClosed closed) {
            return closed.merged() ? "merged" : "closed without merging";
        } else if (event instanceof AllocationQueued queued) {
            return "queued at position " + queued.position() + " (pool of " + queued.poolCapacity() + ")";
        } else if (event instanceof AllocationRefused refused) {
            return "refused: " + refused.reason().wireName() + " (limit " + refused.limit() + ")";
        } else if (event instanceof IpAllocated allocated) {
            return addresses(allocated.addresses()) + " for " + allocated.dnsName();
        } else if (event instanceof ClusterReady ready) {
            return "cluster up at " + addresses(ready.addresses()) + ", " + ready.dnsName();
        } else if (event instanceof ProvisioningFailed failed) {
            return failed.reason() + (failed.lastConditions().isEmpty() ? "" : " (" + String.join("; ", failed.lastConditions()) + ")");
        } else if (event instanceof PhasesInstalled installed) {
            String phases = installed.phaseDurations().stream()
                    .map(p -> p.phase() + " " + Durations.words(java.time.Duration.ofMillis(p.millis())))
                    .collect(Collectors.joining(", "));
            String warnings = installed.warnings().isEmpty() ? "" : "; warnings: " + String.join("; ", installed.warnings());
            return installed.environmentUrl() + (phases.isEmpty() ? "" : " (" + phases + ")") + warnings;
        } else if (event instanceof InstallFailed failed) {
            return failed.phase() + "/" + failed.step() + ": " + failed.reason();
        } else if (event instanceof ClusterExpired expired) {
            return expired.reason().wireName() + " (deadline " + expired.deadline() + ")";
        } else if (event instanceof ClusterDestroyed destroyed) {
            return destroyed.reason().wireName();
        } else if (event instanceof IpReleased released) {
            return addresses(released.addresses()) + " back in the pool (" + released.reason().wireName() + ")";
        } else if (event instanceof DnsReleased dns) {
            return dns.dnsName() + ": " + dns.outcome().wireName() + (dns.detail().isBlank() ? "" : " (" + dns.detail() + ")");
        }
        return "";
    }

    static boolean failure(LifecycleEvent event) {
        return event instanceof ProvisioningFailed || event instanceof InstallFailed || event instanceof AllocationRefused;
    }

    static String addresses(List<Ipv4Address> addresses) {
        return addresses.stream().map(Ipv4Address::toString).collect(Collectors.joining(", "));
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}

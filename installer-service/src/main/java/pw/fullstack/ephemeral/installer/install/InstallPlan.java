package pw.fullstack.ephemeral.installer.install;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;

/**
 * The installer's decisions about waits, as pure functions of what was observed, the deadline and
 * the time. No I/O: the reconcile loop observes, asks here, then acts.
 */
public final class InstallPlan {

    private InstallPlan() {
    }

    /** The outcome of one look at a wait. */
    public sealed interface Outcome {
    }

    public record Wait(String why) implements Outcome {
    }

    /** Phase 1 is complete: apply Phase 2. */
    public record Proceed() implements Outcome {
    }

    /** The installation failed at {@code step} of {@code phase}. */
    public record Fail(String phase, String step, String reason) implements Outcome {
    }

    /** Report PhasesInstalled, with these warnings. */
    public record Installed(List<String> warnings) implements Outcome {
    }

    /** The DNS record is gone (or will not go): report how. */
    public record Released(DnsReleaseOutcome outcome, String detail) implements Outcome {
    }

    /** The wait that begins when every helm-install Job is Complete: the CRDs they install. */
    static final String CRDS_WAIT = "crds";

    /** The wait that begins when a chart's helm-install Job is Complete: its release's Deployments. */
    static String deploymentsWait(String chart) {
        return "deployments/" + chart;
    }

    /**
     * When each Phase 1 wait began: those already recorded, plus a release's Deployments from the first
     * time its Job is seen Complete, and the CRDs from the first time every Job is. (The Jobs' waits begin
     * when the HelmCharts were applied.) The caller records the result, so a restart keeps every deadline.
     */
    public static Map<String, Instant> waitsBegun(Phase1Progress progress, Map<String, Instant> recorded, Instant now) {
        Map<String, Instant> begun = new TreeMap<>(recorded);
        if (progress.unreachable().isPresent()) {
            return begun;
        }
        progress.charts().stream().filter(Phase1Progress.Chart::installed)
                .forEach(chart -> begun.putIfAbsent(deploymentsWait(chart.name()), now));
        if (progress.allInstalled()) {
            begun.putIfAbsent(CRDS_WAIT, now);
        }
        return begun;
    }

    /**
     * Phase 1: a failed helm-install Job fails at once (failurePolicy abort: it will not be retried).
     * Otherwise each wait has its own deadline ({@link Phase1Deadlines}), from when it began: a Job from
     * the HelmCharts applied, a release's Deployments from its Job Complete, the CRDs from every Job
     * Complete — so slow steps that each keep to their bound add up without failing, and one that does
     * not fails at its own deadline, named, in the order a person would look: Jobs, Deployments, CRDs.
     * The phase's own deadline ({@code phaseDeadline}: applying by, then the waits in all) bounds the
     * rest, e.g. an API server that does not answer.
     *
     * @param applied the HelmCharts were applied (the Jobs' waits began)
     * @param begun   when the other waits began ({@link #waitsBegun})
     */
    public static Outcome phase1(Phase1Progress progress, Instant applied, Map<String, Instant> begun,
                                 Phase1Deadlines deadlines, Instant phaseDeadline, Instant now) {
        if (!progress.failedJobs().isEmpty()) {
            return new Fail("phase1", "helm-install", "helm install failed: " + String.join("; ", progress.failedJobs()));
        }
        if (progress.done()) {
            return new Proceed();
        }
        if (progress.unreachable().isPresent()) {
            return now.isBefore(phaseDeadline) ? new Wait(progress.describe()) : new Fail("phase1", "workload-api",
                    "the cluster's API server did not answer by the phase's deadline " + phaseDeadline + ": "
                            + progress.unreachable().get());
        }
        if (!now.isBefore(applied.plus(deadlines.helmInstall())) && !progress.pendingJobs().isEmpty()) {
            return new Fail("phase1", "helm-install", "helm-install Jobs not complete within "
                    + human(deadlines.helmInstall()) + " of the HelmCharts being applied (every attempt helm-controller "
                    + "may make): " + String.join(", ", progress.pendingJobs()));
        }
        for (Phase1Progress.Chart chart : progress.charts()) {
            Instant began = begun.getOrDefault(deploymentsWait(chart.name()), now);
            if (chart.installed() && !chart.available() && !now.isBefore(began.plus(deadlines.eachWait()))) {
                return new Fail("phase1", "deployments", "Deployments of " + chart.name() + " not available within "
                        + human(deadlines.eachWait()) + " of its helm install completing: "
                        + String.join(", ", chart.unavailableDeployments()));
            }
        }
        Instant crdsBegan = begun.getOrDefault(CRDS_WAIT, now);
        if (progress.allInstalled() && !progress.pendingCrds().isEmpty() && !now.isBefore(crdsBegan.plus(deadlines.eachWait()))) {
            return new Fail("phase1", "crds", "CRDs not established within " + human(deadlines.eachWait())
                    + " of the helm installs completing: " + String.join(", ", progress.pendingCrds()));
        }
        if (!now.isBefore(phaseDeadline)) {
            String step = !progress.pendingJobs().isEmpty() ? "helm-install"
                    : !progress.unavailableDeployments().isEmpty() ? "deployments" : "crds";
            return new Fail("phase1", step, "Phase 1 not done by its deadline " + phaseDeadline + ": " + progress.describe());
        }
        return new Wait(progress.describe());
    }

    /**
     * The DNS check: done when the name resolves to the VIP and the certificate issued on the tools cluster (if it
     * issues one) is in the PR's cluster; at the deadline a miss is a warning in PhasesInstalled — a DNS miss, when
     * strict, a failure. A certificate that comes later is copied then ({@link #certificateSyncDue}).
     *
     * @param certificatePending why the certificate is not copied yet; empty when it is, or when none is issued here
     */
    public static Outcome dnsCheck(DnsAnswer answer, String name, String address, String resolver, Instant started,
                                   Instant deadline, Instant now, boolean strict, Optional<String> certificatePending) {
        boolean resolved = answer.resolvesTo(address);
        if (resolved && certificatePending.isEmpty()) {
            return new Installed(List.of());
        }
        if (now.isBefore(deadline)) {
            return new Wait(name + " at " + resolver + ": " + answer.describe()
                    + certificatePending.map(why -> "; certificate: " + why).orElse(""));
        }
        List<String> warnings = new ArrayList<>();
        if (!resolved) {
            String miss = "dns: " + name + " did not resolve to " + address + " at " + resolver + " within "
                    + human(Duration.between(started, deadline)) + " (last answer: " + answer.describe() + ")";
            if (strict) {
                return new Fail("phase2", "dns-check", miss);
            }
            warnings.add(miss);
        }
        certificatePending.ifPresent(why -> warnings.add("tls: the certificate for " + name + " was not in the cluster within "
                + human(Duration.between(started, deadline)) + " (" + why + "); it is copied in once issued"));
        return new Installed(warnings);
    }

    /** Whether an installed environment's certificate is due to be compared with the tools cluster's again (a renewal). */
    public static boolean certificateSyncDue(Optional<Instant> lastSync, Duration interval, Instant now) {
        return lastSync.map(last -> !now.isBefore(last.plus(interval))).orElse(true);
    }

    /**
     * Taking the record away: with no DNSEndpoint of ours (in the PR's cluster, or in its namespace on the tools
     * cluster) there is nothing to wait for; otherwise wait until the resolver answers without the cluster's
     * address, bounded.
     */
    public static Outcome release(boolean hadRecord, DnsAnswer answer, String name, String address, String resolver,
                                  Instant deadline, Instant now) {
        if (!hadRecord) {
            return new Released(DnsReleaseOutcome.NOT_INSTALLED, "no DNSEndpoint of the installer for the cluster");
        }
        if (answer.goneFor(address)) {
            return new Released(DnsReleaseOutcome.REMOVED, name + " at " + resolver + ": " + answer.describe());
        }
        if (now.isBefore(deadline)) {
            return new Wait(name + " still " + answer.describe() + " at " + resolver);
        }
        return new Released(DnsReleaseOutcome.TIMED_OUT, "DNSEndpoint deleted, but " + name + " still " + answer.describe()
                + " at " + resolver + " at the deadline");
    }

    /** A deadline passed by more than {@code stuckAfter} with the step still not finished. */
    public static boolean stuck(Installation installation, Duration stuckAfter, Instant now) {
        if (installation.step().map(InstallStep::terminal).orElse(true) || !installation.forOwner()) {
            return false;
        }
        return installation.deadline().map(d -> now.isAfter(d.plus(stuckAfter))).orElse(false);
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        int seconds = duration.toSecondsPart();
        if (minutes == 0) {
            return duration.toSeconds() + " seconds";
        }
        return minutes + " minute" + (minutes == 1 ? "" : "s") + (seconds == 0 ? "" : " " + seconds + " seconds");
    }
}

package pw.fullstack.ephemeral.installer.install;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * Phase 1: a failed helm-install Job fails at once (failurePolicy abort: it will not be retried);
     * otherwise wait until everything is there or the deadline passed, then name what was missing, in
     * the order a person would look: Jobs, then Deployments, then CRDs.
     */
    public static Outcome phase1(Phase1Progress progress, Instant started, Instant deadline, Instant now) {
        if (!progress.failedJobs().isEmpty()) {
            return new Fail("phase1", "helm-install", "helm install failed: " + String.join("; ", progress.failedJobs()));
        }
        if (progress.done()) {
            return new Proceed();
        }
        if (now.isBefore(deadline)) {
            return new Wait(progress.describe());
        }
        String after = " after " + human(Duration.between(started, deadline));
        if (progress.unreachable().isPresent()) {
            return new Fail("phase1", "workload-api", "the cluster's API server did not answer" + after + ": "
                    + progress.unreachable().get());
        }
        if (!progress.pendingJobs().isEmpty()) {
            return new Fail("phase1", "helm-install", "helm-install Jobs not complete" + after + ": "
                    + String.join(", ", progress.pendingJobs()));
        }
        if (!progress.unavailableDeployments().isEmpty()) {
            return new Fail("phase1", "deployments", "Deployments not available" + after + ": "
                    + String.join(", ", progress.unavailableDeployments()));
        }
        return new Fail("phase1", "crds", "CRDs not established" + after + ": " + String.join(", ", progress.pendingCrds()));
    }

    /**
     * The DNS check: done when the name resolves to the VIP; at the deadline a miss is a warning in
     * PhasesInstalled, or, when strict, a failure.
     */
    public static Outcome dnsCheck(DnsAnswer answer, String name, String address, String resolver, Instant started,
                                   Instant deadline, Instant now, boolean strict) {
        if (answer.resolvesTo(address)) {
            return new Installed(List.of());
        }
        if (now.isBefore(deadline)) {
            return new Wait(name + " at " + resolver + ": " + answer.describe());
        }
        String miss = "dns: " + name + " did not resolve to " + address + " at " + resolver + " within "
                + human(Duration.between(started, deadline)) + " (last answer: " + answer.describe() + ")";
        return strict ? new Fail("phase2", "dns-check", miss) : new Installed(List.of(miss));
    }

    /**
     * Taking the record away: with no DNSEndpoint of ours there is nothing to wait for; otherwise wait
     * until the resolver answers without the cluster's address, bounded.
     */
    public static Outcome release(boolean hadRecord, DnsAnswer answer, String name, String address, String resolver,
                                  Instant deadline, Instant now) {
        if (!hadRecord) {
            return new Released(DnsReleaseOutcome.NOT_INSTALLED, "no DNSEndpoint of the installer in the cluster");
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
        if (minutes >= 1 && duration.toSecondsPart() == 0) {
            return minutes + " minute" + (minutes == 1 ? "" : "s");
        }
        return duration.toSeconds() + " seconds";
    }
}

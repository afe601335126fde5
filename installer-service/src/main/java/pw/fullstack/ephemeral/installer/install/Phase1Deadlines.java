package pw.fullstack.ephemeral.installer.install;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.installer.InvalidInstallerSettingsException;

/**
 * How long Phase 1 may wait: each thing it waits for has its own deadline, measured from the moment it
 * could begin, and the phase has one in all (README, "Phase 1 deadlines"). Built once at start-up from
 * the settings; a configuration that would give up on a helm install before helm-controller does is
 * refused there.
 *
 * @param helmInstall one chart's helm-install Job, from the HelmCharts applied to Complete: a pod's start (its
 *                    image pulled cold) plus every attempt helm-controller makes, each bounded by helm's own
 *                    timeout, plus the Job's back-off between them — so the installer never gives up before
 *                    helm-controller has, and a helm failure is reported with helm's reason
 * @param eachWait    each other wait, from the moment it could begin: a release's Deployments Available (from
 *                    its Job Complete: the operator's images pulled cold), the CRDs Established (from every Job
 *                    Complete); also applying Phase 1 (from ClusterReady) and Phase 2
 * @param overall     Phase 1's waits in all, from the HelmCharts applied; at least the longest chain, a helm
 *                    install and then a wait
 */
public record Phase1Deadlines(Duration helmInstall, Duration eachWait, Duration overall) {

    /** The Job controller's delay before re-creating a failed pod: 10 s, doubled each time, at most 6 minutes. */
    static final Duration FIRST_POD_BACK_OFF = Duration.ofSeconds(10);
    static final Duration MAX_POD_BACK_OFF = Duration.ofMinutes(6);

    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+)(h|ms|m|s)");

    /**
     * @param helmBackOffLimit the helm-install Job's retries ({@code backOffLimit}: attempts = retries + 1)
     * @param helmTimeout      helm's {@code --timeout} of one attempt, as a Go duration ({@code 5m0s})
     * @param wait             {@code installer.wait-timeout}
     * @param overall          {@code installer.phase1-timeout}
     * @throws InvalidInstallerSettingsException naming each setting that is out of bounds
     */
    public static Phase1Deadlines of(int helmBackOffLimit, String helmTimeout, Duration wait, Duration overall) {
        List<String> problems = new ArrayList<>();
        if (wait.isNegative() || wait.isZero()) {
            problems.add("installer.wait-timeout must be a positive duration, was " + wait);
        }
        if (helmBackOffLimit < 0) {
            problems.add("installer.phase1.helm-back-off-limit must not be negative, was " + helmBackOffLimit);
        }
        Duration attempt = goDuration(helmTimeout);
        if (attempt.isZero()) {
            problems.add("installer.phase1.helm-timeout must be a positive Go duration like 5m0s, was " + helmTimeout);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInstallerSettingsException(String.join("; ", problems));
        }
        Duration helmInstall = helmInstall(helmBackOffLimit, attempt, wait);
        Duration chain = helmInstall.plus(wait);
        if (overall.compareTo(chain) < 0) {
            throw new InvalidInstallerSettingsException("installer.phase1-timeout (" + InstallPlan.human(overall)
                    + ") is shorter than one helm install may take and then a wait (" + InstallPlan.human(chain)
                    + ": a pod's start " + InstallPlan.human(wait) + ", " + (helmBackOffLimit + 1) + " attempts of "
                    + helmTimeout + " with the Job's back-off between them, then " + InstallPlan.human(wait)
                    + " for the release's Deployments): raise it, or lower installer.phase1.helm-timeout, "
                    + "installer.phase1.helm-back-off-limit or installer.wait-timeout");
        }
        return new Phase1Deadlines(helmInstall, wait, overall);
    }

    /**
     * What one helm-install Job may legitimately take: its pod starting ({@code podStart}: scheduling and the
     * klipper-helm image pulled cold), then {@code backOffLimit + 1} attempts of at most helm's timeout each
     * (an attempt that times out, e.g. on a hook whose images are still being pulled, is retried), with the
     * Job controller's back-off before each retry.
     */
    static Duration helmInstall(int backOffLimit, Duration helmTimeout, Duration podStart) {
        Duration total = podStart.plus(helmTimeout.multipliedBy(backOffLimit + 1L));
        Duration delay = FIRST_POD_BACK_OFF;
        for (int retry = 0; retry < backOffLimit; retry++) {
            total = total.plus(delay);
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(MAX_POD_BACK_OFF) > 0 ? MAX_POD_BACK_OFF : doubled;
        }
        return total;
    }

    /** A Go duration as helm reads {@code --timeout} ({@code 5m0s}, {@code 300s}, {@code 1h}); zero if it is none. */
    static Duration goDuration(String text) {
        Matcher part = GO_DURATION.matcher(text == null ? "" : text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
            end = part.end();
        }
        return end == 0 || end != text.length() ? Duration.ZERO : total;
    }
}

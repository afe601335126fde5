package pw.fullstack.ephemeral.reaper.expiry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The durations every decision uses. Built only through {@link #of}, which refuses zero and negative
 * values: a zero grace period would destroy a cluster the moment its PR closes, a negative one
 * earlier; a zero settle time would give back the address of a run whose IpAllocated is still in
 * flight.
 *
 * @param interval     how often a pass runs ({@code reaper.interval})
 * @param gracePeriod  after the PR's close ({@code reaper.grace-period})
 * @param maxLifetime  after the cluster was first applied ({@code reaper.max-lifetime})
 * @param settleTime   how long an orphan must stay one before it is acted on ({@code reaper.orphan-settle-time})
 * @param keepUntilCap how far {@code keep-until} may postpone an expiry past its deadline ({@code reaper.keep-until-cap})
 */
public record ExpiryPolicy(Duration interval, Duration gracePeriod, Duration maxLifetime, Duration settleTime,
                           Duration keepUntilCap) {

    /** @throws InvalidReaperSettingsException naming every setting that is missing, zero or negative */
    public static ExpiryPolicy of(Duration interval, Duration gracePeriod, Duration maxLifetime, Duration settleTime,
                                  Duration keepUntilCap) {
        List<String> problems = new ArrayList<>();
        check(problems, "reaper.interval", interval);
        check(problems, "reaper.grace-period", gracePeriod);
        check(problems, "reaper.max-lifetime", maxLifetime);
        check(problems, "reaper.orphan-settle-time", settleTime);
        check(problems, "reaper.keep-until-cap", keepUntilCap);
        if (!problems.isEmpty()) {
            throw new InvalidReaperSettingsException(String.join("; ", problems));
        }
        return new ExpiryPolicy(interval, gracePeriod, maxLifetime, settleTime, keepUntilCap);
    }

    private static void check(List<String> problems, String name, Duration value) {
        if (value == null) {
            problems.add(name + " is missing");
        } else if (value.isZero() || value.isNegative()) {
            problems.add(name + " must be a positive duration, was " + value);
        }
    }
}

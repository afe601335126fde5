package pw.fullstack.ephemeral.console.pool;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The reaper's {@code GET /expiries} (reaper-service api/ExpiriesResource): each cluster's deadline and why. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Expiries(String now, boolean dryRun, List<Expiry> expiries) {

    public Expiries {
        expiries = expiries == null ? List.of() : List.copyOf(expiries);
    }

    /**
     * One verdict: {@code status} PENDING, DUE, TEARING_DOWN, HELD or NEEDS_ATTENTION; {@code reason} e.g.
     * {@code grace-period-elapsed}; {@code evidence} the facts it rests on, in words.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Expiry(String kind, String cluster, String pullRequest, String runId, String status, String reason,
                         String deadline, String keptUntil, List<String> evidence) {

        public Expiry {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }
}

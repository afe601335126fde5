package pw.fullstack.ephemeral.contracts.events;

/**
 * How long one step of the installation took, from the installer's own records.
 *
 * @param phase  {@code phase1} (Helm installs until operators and CRDs are ready), {@code phase2}
 *               (CRD-dependent objects applied) or {@code dns-check}
 * @param millis milliseconds, at least 0
 */
public record PhaseDuration(String phase, long millis) {

    public PhaseDuration {
        Required.text("phase", phase);
        millis = Math.max(0, millis);
    }
}

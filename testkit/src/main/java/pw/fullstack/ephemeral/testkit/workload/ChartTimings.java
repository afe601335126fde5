package pw.fullstack.ephemeral.testkit.workload;

import java.time.Duration;

/**
 * How long one chart's helm-install takes in a simulated K3s, each stage measured from the moment its Job starts: helm
 * creates the chart's CRDs first ({@code crds/}, or its CRD templates), returns once every manifest is applied (the Job
 * completes; K3s' helm-controller does not pass {@code --wait}), and the chart's Deployments become Available later,
 * when their images are pulled and their pods ready (a webhook's serving certificate included).
 *
 * @param crdsEstablished when the chart's CRDs exist and are Established
 * @param installed       when the helm-install Job completes and the Deployments exist (not yet Available, unless
 *                        {@code available} is not later)
 * @param available       when every Deployment of the chart is Available
 */
public record ChartTimings(Duration crdsEstablished, Duration installed, Duration available) {

    public ChartTimings {
        if (crdsEstablished.isNegative() || installed.compareTo(crdsEstablished) < 0 || available.compareTo(installed) < 0) {
            throw new IllegalArgumentException("a chart's stages come in order, CRDs <= installed <= available: " + crdsEstablished
                    + ", " + installed + ", " + available);
        }
    }

    /** Everything at once after {@code delay}: the simulation's default, one step. */
    public static ChartTimings allAt(Duration delay) {
        return new ChartTimings(delay, delay, delay);
    }

    boolean inOneStep() {
        return crdsEstablished.equals(available);
    }
}

package pw.fullstack.ephemeral.testkit.workload;

import java.time.Instant;

/**
 * When one chart's install in a simulated K3s reached each stage, as the simulation recorded it; null: not (yet).
 *
 * @param chart           the chart's name ({@code cert-manager}, ...)
 * @param started         when its helm-install Job was created
 * @param crdsEstablished when its CRDs were created Established (null when the chart installs none)
 * @param installed       when its Job completed
 * @param available       when its Deployments were all Available
 */
public record ChartMarks(String chart, Instant started, Instant crdsEstablished, Instant installed, Instant available) {

    static ChartMarks started(String chart, Instant at) {
        return new ChartMarks(chart, at, null, null, null);
    }

    ChartMarks withCrdsEstablished(Instant at) {
        return new ChartMarks(chart, started, at, installed, available);
    }

    ChartMarks withInstalled(Instant at) {
        return new ChartMarks(chart, started, crdsEstablished, at, available);
    }

    ChartMarks withAvailable(Instant at) {
        return new ChartMarks(chart, started, crdsEstablished, installed, at);
    }
}

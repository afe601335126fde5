package pw.fullstack.ephemeral.provisioner.it;

import io.restassured.specification.RequestSpecification;
import pw.fullstack.ephemeral.testkit.metrics.PrometheusText;

/**
 * {@code provisioner_events_ignored_total{reason}} from {@code /q/metrics}: the proof that the
 * provisioner consumed an event and decided it was a no-op, before a test asserts that nothing
 * followed from it.
 */
final class IgnoredEvents {

    private IgnoredEvents() {
    }

    /** 0 while the counter has not been registered yet; {@code management}: a request to the management port. */
    static double count(RequestSpecification management, String reason) {
        return PrometheusText.sum(management.get("/q/metrics").then().statusCode(200).extract().asString(),
                "provisioner_events_ignored_total", "reason=\"" + reason + "\"");
    }
}

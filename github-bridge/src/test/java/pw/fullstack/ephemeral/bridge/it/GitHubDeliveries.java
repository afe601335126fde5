package pw.fullstack.ephemeral.bridge.it;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import pw.fullstack.ephemeral.bridge.github.WebhookSignature;

/** Sends deliveries to the bridge as GitHub does: headers, raw JSON body, signature of exactly those bytes. */
final class GitHubDeliveries {

    /** The first of the test profile's secrets (GitHub's documented example secret). */
    static final String SECRET = "It's a Secret to Everybody";
    /** The second, as during a rotation. */
    static final String ROTATED_SECRET = "rotated-secret-2026";

    private GitHubDeliveries() {
    }

    static String newDeliveryId() {
        return UUID.randomUUID().toString();
    }

    static Response deliver(String event, String deliveryId, byte[] body) {
        return request(event, deliveryId, body).header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, body))
                .post("/github/webhook");
    }

    /** GitHub's headers, without a signature. */
    static RequestSpecification request(String event, String deliveryId, byte[] body) {
        RequestSpecification request = given().contentType("application/json").body(body)
                .header("User-Agent", "GitHub-Hookshot/test");
        if (event != null) {
            request.header("X-GitHub-Event", event);
        }
        if (deliveryId != null) {
            request.header("X-GitHub-Delivery", deliveryId);
        }
        return request;
    }
}

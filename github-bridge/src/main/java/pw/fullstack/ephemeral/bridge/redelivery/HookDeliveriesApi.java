package pw.fullstack.ephemeral.bridge.redelivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.bridge.github.GitHubJson;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * One webhook's deliveries through GitHub's REST API (version 2022-11-28): the listing, newest first,
 * page by page with the {@code cursor} of the {@code Link} header's {@code rel="next"}, and the
 * redelivery of one attempt ({@code POST .../deliveries/{delivery_id}/attempts}, 202).
 *
 * <p>Only the cursor is taken from the {@code Link} URL; requests always go to the configured API, so
 * the credentials are never sent elsewhere.
 */
public final class HookDeliveriesApi {

    static final int PER_PAGE = 100;
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"([^\"]*\\s)?next(\\s[^\"]*)?\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final HookEndpoint hook;
    private final Supplier<String> authorization;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param authorization the {@code Authorization} header value for each request (an App JWT is made fresh)
     */
    public HookDeliveriesApi(URI api, HookEndpoint hook, Supplier<String> authorization, HttpClient http, Duration timeout) {
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.hook = hook;
        this.authorization = authorization;
        this.http = http;
        this.timeout = timeout;
    }

    public HookEndpoint hook() {
        return hook;
    }

    /** One page of attempts, newest first, and the cursor of the next, if any. */
    public record Page(List<HookDelivery> deliveries, Optional<String> next) {
    }

    /**
     * The attempts since {@code since}, newest first: pages are read until one reaches past {@code since},
     * there is none left, or {@code maxPages} were read.
     */
    public List<HookDelivery> since(Instant since, int maxPages) throws GitHubApiException {
        List<HookDelivery> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < maxPages; pages++) {
            Page page = page(cursor);
            all.addAll(page.deliveries());
            boolean reachedPast = page.deliveries().stream().anyMatch(d -> d.deliveredAt().isBefore(since));
            if (reachedPast || page.next().isEmpty()) {
                break;
            }
            cursor = page.next();
        }
        return all;
    }

    public Page page(Optional<String> cursor) throws GitHubApiException {
        String query = "?per_page=" + PER_PAGE + cursor.map(c -> "&cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(api + hook.path() + "/deliveries" + query)).GET());
        if (response.statusCode() != 200) {
            throw refused("listing the deliveries of " + hook.name(), response);
        }
        HookDelivery[] deliveries;
        try {
            deliveries = GitHubJson.read(response.body(), HookDelivery[].class);
        } catch (InvalidInputException e) {
            throw new GitHubApiException(response.statusCode(), "GitHub's listing of " + hook.name() + " is not readable: "
                    + e.getMessage());
        }
        return new Page(Arrays.asList(deliveries), next(response.headers().firstValue("link").orElse(null)));
    }

    /** What GitHub said to a redelivery request. */
    public enum Redelivery {
        /** 202: GitHub will deliver the attempt again. */
        ACCEPTED,
        /** 400, 404, 422: GitHub will not (too old, gone, or "the endpoint has been spammed"). */
        REFUSED
    }

    /** @throws GitHubApiException for anything but 202 and the refusals of {@link Redelivery#REFUSED} (credentials, rate limits, outages) */
    public Redelivery redeliver(long attemptId) throws GitHubApiException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
                URI.create(api + hook.path() + "/deliveries/" + attemptId + "/attempts")).POST(HttpRequest.BodyPublishers.noBody()));
        return switch (response.statusCode()) {
            case 202 -> Redelivery.ACCEPTED;
            case 400, 404, 422 -> Redelivery.REFUSED;
            default -> throw refused("redelivering attempt " + attemptId + " of " + hook.name(), response);
        };
    }

    /** GitHub's error message, for logs: its own words, on one line, short. */
    static String message(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            String line = (json == null ? "" : json.path("message").asText("")).replaceAll("\\s+", " ").strip();
            return line.length() > 200 ? line.substring(0, 200) : line;
        } catch (IOException e) {
            return "";
        }
    }

    /** The {@code cursor} parameter of the {@code rel="next"} link, if there is one. */
    static Optional<String> next(String link) {
        if (link == null) {
            return Optional.empty();
        }
        Matcher m = NEXT.matcher(link);
        if (!m.find()) {
            return Optional.empty();
        }
        String query = URI.create(m.group(1)).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        return Arrays.stream(query.split("&")).filter(p -> p.startsWith("cursor="))
                .map(p -> URLDecoder.decode(p.substring("cursor=".length()), StandardCharsets.UTF_8)).findFirst();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws GitHubApiException {
        request.timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "ephemeral-clusters-github-bridge")
                .header("Authorization", authorization.get());
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GitHubApiException(0, "GitHub's API at " + api + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, "interrupted");
        }
    }

    private static GitHubApiException refused(String what, HttpResponse<byte[]> response) {
        String message = message(response.body());
        return new GitHubApiException(response.statusCode(), what + ": GitHub answered " + response.statusCode()
                + (message.isEmpty() ? "" : " (" + message + ")"));
    }
}

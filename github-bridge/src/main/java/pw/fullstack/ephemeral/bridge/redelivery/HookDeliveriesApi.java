package pw.fullstack.ephemeral.bridge.redelivery;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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
import pw.fullstack.ephemeral.bridge.github.GitHubApiException;
import pw.fullstack.ephemeral.bridge.github.GitHubRest;

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

    private final GitHubRest rest;
    private final HookEndpoint hook;
    private final Supplier<String> authorization;

    /**
     * @param authorization the {@code Authorization} header value for each request (an App JWT is made fresh)
     */
    public HookDeliveriesApi(URI api, HookEndpoint hook, Supplier<String> authorization, HttpClient http, Duration timeout) {
        this.rest = new GitHubRest(api, http, timeout);
        this.hook = hook;
        this.authorization = authorization;
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
        HttpResponse<byte[]> response = rest.get(hook.path() + "/deliveries" + query, authorization.get());
        if (response.statusCode() != 200) {
            throw GitHubRest.refused("listing the deliveries of " + hook.name(), response);
        }
        HookDelivery[] deliveries = GitHubRest.read(response, HookDelivery[].class, "GitHub's listing of " + hook.name());
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
        HttpResponse<byte[]> response = rest.post(hook.path() + "/deliveries/" + attemptId + "/attempts", authorization.get(), null);
        return switch (response.statusCode()) {
            case 202 -> Redelivery.ACCEPTED;
            case 400, 404, 422 -> Redelivery.REFUSED;
            default -> throw GitHubRest.refused("redelivering attempt " + attemptId + " of " + hook.name(), response);
        };
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
}

package pw.fullstack.ephemeral.console.web;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.console.Changes;

/**
 * The console on the management interface ({@code quarkus.management.port}), beside health and metrics: the
 * cluster-internal side that the deploy puts behind the platform's single sign-on. Only GETs: nothing here changes
 * anything. Vert.x routes, as the other services' ops listings, because Quarkus REST resources are served on the main
 * port only.
 *
 * <ul>
 *   <li>{@code GET /} the environments (filters {@code repository}, {@code state}) and the pool;</li>
 *   <li>{@code GET /events} server-sent events replacing the parts of that page that changed;</li>
 *   <li>{@code GET /timeline/<cluster>} one PR's story; {@code GET /timeline/<cluster>/events} its live updates;</li>
 *   <li>{@code GET /console.js}, {@code /console.css}.</li>
 * </ul>
 */
@ApplicationScoped
public class ConsoleRoutes {

    private static final Pattern CLUSTER = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A comment line every so often: proxies keep the stream open, and a closed one is noticed. */
    private static final long KEEP_ALIVE_MS = 15_000;

    @Inject
    ConsolePages pages;

    @Inject
    Changes changes;

    private final Set<HttpServerResponse> open = new CopyOnWriteArraySet<>();

    void serve(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get("/").blockingHandler(request -> html(request, pages.overviewPage(filter(request))));
        router.get("/events").handler(request -> stream(request, () -> pages.overviewParts(filter(request))));
        router.get("/timeline/:cluster").blockingHandler(request -> {
            String cluster = cluster(request);
            Optional<String> page = cluster == null ? Optional.empty() : pages.timelinePage(cluster);
            if (page.isEmpty()) {
                request.response().setStatusCode(404);
                html(request, "<!doctype html><html lang=\"en\"><head><title>Not found</title><link rel=\"icon\" href=\"data:,\"></head>"
                        + "<body><main><h1>No PR with that cluster name</h1><p><a href=\"/\">All environments</a></p></main></body></html>");
                return;
            }
            html(request, page.get());
        });
        router.get("/timeline/:cluster/events").handler(request -> {
            String cluster = cluster(request);
            stream(request, () -> cluster == null ? List.of() : pages.timelineParts(cluster).orElse(List.of()));
        });
        router.get("/console.js").handler(request -> asset(request, "console.js", "text/javascript; charset=utf-8"));
        router.get("/console.css").handler(request -> asset(request, "console.css", "text/css; charset=utf-8"));
    }

    void stop(@Observes ShutdownEvent stop) {
        open.forEach(response -> {
            try {
                response.end();
            } catch (RuntimeException alreadyClosed) {
                // the browser went first
            }
        });
    }

    private static Filter filter(RoutingContext request) {
        return new Filter(request.request().getParam("repository"), request.request().getParam("state"));
    }

    private static String cluster(RoutingContext request) {
        String cluster = request.pathParam("cluster");
        return cluster != null && CLUSTER.matcher(cluster).matches() ? cluster : null;
    }

    private static void html(RoutingContext request, String body) {
        request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
                .end(body);
    }

    /**
     * Server-sent events: each part of the page whose content changed since the last one sent on this stream, as
     * event {@code <part id>} with the part's hash as its id and its HTML as data. The current parts are sent at once,
     * then again at each change of the read model or the pool.
     */
    private void stream(RoutingContext request, Supplier<List<ConsolePages.Part>> parts) {
        HttpServerResponse response = request.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        Map<String, String> sent = new HashMap<>();
        Consumer<Changes.What> push = what -> {
            synchronized (sent) {
                if (response.closed() || response.ended()) {
                    return;
                }
                StringBuilder events = new StringBuilder();
                for (ConsolePages.Part part : parts.get()) {
                    if (!part.hash().equals(sent.get(part.id()))) {
                        sent.put(part.id(), part.hash());
                        events.append("event: ").append(part.id()).append('\n').append("id: ").append(part.hash()).append('\n');
                        part.html().lines().forEach(line -> events.append("data: ").append(line).append('\n'));
                        events.append('\n');
                    }
                }
                if (events.length() > 0) {
                    response.write(events.toString());
                }
            }
        };
        long keepAlive = request.vertx().setPeriodic(KEEP_ALIVE_MS, id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": keep-alive\n\n");
            }
        });
        Runnable close = () -> {
            changes.stopListening(push);
            request.vertx().cancelTimer(keepAlive);
            open.remove(response);
        };
        response.closeHandler(v -> close.run());
        response.endHandler(v -> close.run());
        open.add(response);
        changes.listen(push);
        // rendering reads the model under its lock: not on the event loop
        request.vertx().executeBlocking(() -> {
            push.accept(Changes.What.EVENTS);
            return null;
        }, false);
    }

    private static void asset(RoutingContext request, String name, String contentType) {
        request.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-cache")
                .end(Assets.read(name));
    }

    /** The page's script and style, read once from the class path. */
    private static final class Assets {

        private static final Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static String read(String name) {
            return CACHE.computeIfAbsent(name, n -> {
                try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/web/" + n)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource /web/" + n);
                    }
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

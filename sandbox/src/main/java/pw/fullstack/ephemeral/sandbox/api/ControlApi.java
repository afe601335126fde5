package pw.fullstack.ephemeral.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.json.EventJson;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.faults.FaultInjector;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;

/**
 * A small HTTP API to open and close PRs by hand while the sandbox keeps running, through the GitHub
 * stand-in and the github-bridge: {@code POST /prs} with
 * {@code {"repository":"owner/name","number":N,"branch":"b"}} opens the PR (or reopens it if it was
 * closed; 409 if it is open), {@code DELETE /prs/{owner}/{name}/{number}} closes it (the reaper then
 * expires the cluster after its grace period, seconds in the sandbox), {@code GET /prs} for the board. What the bridge
 * refuses (a branch the contracts reject) is answered 400 with the bridge's reason.
 *
 * <p>Faults, for trying what an outage costs: {@code POST /faults/{fault}?seconds=N[&service=s]}
 * injects one of {@link FaultInjector.Fault} (e.g. {@code vault-sealed}, {@code tools-api-failing},
 * {@code namespaces-terminating}, {@code broker-refusing-publishes}, {@code kill-service}) for N seconds,
 * {@code DELETE /faults} heals them all, {@code GET /faults} lists them.
 */
public final class ControlApi implements AutoCloseable {

    private final Sandbox sandbox;
    private final GitHubBridgeStandIn bridge;
    private final HttpServer server;
    private final FaultInjector faults;

    public ControlApi(Sandbox sandbox, int port) throws IOException {
        this.sandbox = sandbox;
        this.bridge = sandbox.github();
        this.faults = new FaultInjector(sandbox);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/prs", this::handle);
        server.createContext("/faults", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<String> curlExamples() {
        String base = "http://127.0.0.1:" + port() + "/prs";
        return List.of(
                "curl -s -XPOST " + base + " -H 'content-type: application/json' "
                        + "-d '{\"repository\":\"fullstack-pw/demo-apps\",\"number\":101,\"branch\":\"feature/try-me\"}'",
                "curl -s " + base,
                "curl -s -XDELETE " + base + "/fullstack-pw/demo-apps/101",
                "curl -s -XPOST 'http://127.0.0.1:" + port() + "/faults/vault-sealed?seconds=20'   # see GET /faults for the others");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (InvalidInputException e) {
                respond(exchange, 400, Map.of("error", e.getMessage()));
            } catch (GitHubBridgeStandIn.DeliveryRefused e) {
                // The bridge's reason (e.g. a branch the contracts refuse) is already safe to show.
                respond(exchange, e.status() >= 400 && e.status() < 500 ? 400 : 502, Map.of("error", e.getMessage()));
            } catch (GitHubBridgeStandIn.PullRequestConflict e) {
                respond(exchange, 409, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                respond(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (method.equals("GET") && path.equals("/prs")) {
            respond(exchange, 200, sandbox.watch().read(board -> board.rows().stream().map(ControlApi::describe).toList()));
        } else if (method.equals("POST") && path.equals("/prs")) {
            open(exchange);
        } else if (method.equals("DELETE") && path.startsWith("/prs/")) {
            close(exchange, path.substring("/prs/".length()));
        } else if (method.equals("GET") && path.equals("/faults")) {
            Map<String, String> known = new LinkedHashMap<>();
            for (FaultInjector.Fault fault : FaultInjector.Fault.values()) {
                known.put(fault.wireName(), fault.description());
            }
            respond(exchange, 200, known);
        } else if (method.equals("DELETE") && path.equals("/faults")) {
            faults.healAll();
            respond(exchange, 200, Map.of("healed", "all"));
        } else if (method.equals("POST") && path.startsWith("/faults/")) {
            inject(exchange, path.substring("/faults/".length()));
        } else {
            respond(exchange, 404, Map.of("error", "no such endpoint: " + method + " " + path));
        }
    }

    private void open(HttpExchange exchange) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = EventJson.mapper().readTree(in);
        } catch (IOException e) {
            respond(exchange, 400, Map.of("error", "body is not JSON"));
            return;
        }
        if (body == null || !body.path("number").canConvertToInt()) {
            respond(exchange, 400, Map.of("error", "expected {\"repository\":\"owner/name\",\"number\":N,\"branch\":\"b\"}"));
            return;
        }
        PullRequestRef pr = PullRequestRef.of(body.path("repository").asText(null), body.path("number").asInt());
        EventEnvelope<PrOpened> opened = bridge.open(pr, body.path("branch").asText("main"));
        respond(exchange, 202, Map.of("cluster", opened.subject(), "correlationId", opened.correlationId()));
    }

    private void close(HttpExchange exchange, String ownerNameNumber) throws IOException {
        int slash = ownerNameNumber.lastIndexOf('/');
        if (slash < 0 || !ownerNameNumber.substring(slash + 1).matches("\\d{1,9}")) {
            respond(exchange, 400, Map.of("error", "expected /prs/{owner}/{name}/{number}"));
            return;
        }
        PullRequestRef pr = PullRequestRef.of(ownerNameNumber.substring(0, slash),
                Integer.parseInt(ownerNameNumber.substring(slash + 1)));
        Optional<PrRow> row = sandbox.watch().read(board -> board.rows().stream()
                .filter(r -> r.pullRequest().equals(pr) && !r.stage().finished()).findFirst());
        if (row.isEmpty()) {
            respond(exchange, 404, Map.of("error", pr + " has no running saga"));
            return;
        }
        bridge.close(pr);
        respond(exchange, 202, Map.of("closed", pr.toString(), "destroyIn", sandbox.settings().gracePeriod().toSeconds() + "s"));
    }

    private void inject(HttpExchange exchange, String name) throws IOException {
        FaultInjector.Fault fault;
        try {
            fault = FaultInjector.Fault.parse(name);
        } catch (IllegalArgumentException e) {
            respond(exchange, 404, Map.of("error", "no such fault: " + name + " (GET /faults lists them)"));
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        String seconds = query.getOrDefault("seconds", "10");
        if (!seconds.matches("\\d{1,4}")) {
            respond(exchange, 400, Map.of("error", "seconds must be a number, 0-9999"));
            return;
        }
        SandboxService service = null;
        if (query.containsKey("service")) {
            service = java.util.Arrays.stream(SandboxService.values())
                    .filter(s -> s.label().equals(query.get("service")) || s.module().equals(query.get("service")))
                    .findFirst().orElse(null);
            if (service == null) {
                respond(exchange, 400, Map.of("error", "no such service: " + query.get("service")));
                return;
            }
        }
        String done = faults.inject(fault, java.time.Duration.ofSeconds(Long.parseLong(seconds)), service);
        respond(exchange, 202, Map.of("injected", done));
    }

    private static Map<String, Object> describe(PrRow row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pullRequest", row.pullRequest().toString());
        map.put("cluster", row.clusterName().value());
        map.put("state", row.stage().name());
        map.put("addresses", row.addresses().stream().map(Object::toString).toList());
        if (row.stage() == Stage.QUEUED) {
            map.put("queuePosition", row.queuePosition());
        }
        map.put("elapsedSeconds", row.elapsed().toMillis() / 1000.0);
        map.put("detail", row.detail());
        return map;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = EventJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    @Override
    public void close() {
        faults.close();
        server.stop(0);
    }
}

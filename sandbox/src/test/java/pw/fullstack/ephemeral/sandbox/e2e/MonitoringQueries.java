package pw.fullstack.ephemeral.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import pw.fullstack.ephemeral.testkit.metrics.PromQlMetricNames;

/**
 * Every PromQL expression of deploy/base/monitoring — the PrometheusRule's alerts and the Grafana dashboards' panel
 * targets — and the check that each metric name they use is exported by some service.
 */
record MonitoringQueries(List<Query> queries) {

    /** @param source where the expression is, for the failure message (alert name, or dashboard and panel) */
    record Query(String source, String expression) {
    }

    /** A metric named in a query that no service exports. */
    record Missing(String source, String metric) {
    }

    /**
     * Metrics the services cannot export, each with the reason it is used anyway. Nothing else may be missing.
     */
    static final Map<String, String> NOT_FROM_THE_SERVICES = Map.of(
            "kube_deployment_status_replicas_available", "kube-state-metrics: a pod that is not ready leaves its Service's"
                    + " endpoints and is no longer scraped, so only the cluster can say a service is not ready (ServiceNotReady)",
            "kube_deployment_spec_replicas", "kube-state-metrics: the replicas a Deployment asks for (ServiceNotReady)");

    static MonitoringQueries of(Path monitoringDirectory) {
        List<Query> queries = new ArrayList<>();
        try {
            JsonNode rule = new YAMLMapper().readTree(monitoringDirectory.resolve("prometheus-rule.yaml").toFile());
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode alert : group.path("rules")) {
                    String name = alert.has("alert") ? alert.path("alert").asText() : alert.path("record").asText();
                    queries.add(new Query("alert " + name, alert.path("expr").asText()));
                }
            }
            try (Stream<Path> dashboards = Files.list(monitoringDirectory.resolve("dashboards"))) {
                for (Path file : dashboards.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
                    for (JsonNode panel : dashboard.path("panels")) {
                        for (JsonNode target : panel.path("targets")) {
                            queries.add(new Query(file.getFileName() + " panel \"" + panel.path("title").asText() + "\"",
                                    target.path("expr").asText()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MonitoringQueries(List.copyOf(queries));
    }

    MonitoringQueries withExpression(int index, String expression) {
        List<Query> changed = new ArrayList<>(queries);
        changed.set(index, new Query(queries.get(index).source(), expression));
        return new MonitoringQueries(List.copyOf(changed));
    }

    /** Every (query, metric) whose metric is neither exported by a service nor allow-listed above. */
    List<Missing> missingFrom(Collection<Set<String>> exportedByEachService) {
        Map<String, Boolean> exported = new LinkedHashMap<>();
        exportedByEachService.forEach(names -> names.forEach(n -> exported.put(n, true)));
        List<Missing> missing = new ArrayList<>();
        for (Query query : queries) {
            Set<String> names = PromQlMetricNames.of(query.expression());
            if (names.isEmpty()) {
                missing.add(new Missing(query.source(), "(no metric in \"" + query.expression() + "\")"));
            }
            for (String name : names) {
                if (!exported.containsKey(name) && !NOT_FROM_THE_SERVICES.containsKey(name)) {
                    missing.add(new Missing(query.source(), name));
                }
            }
        }
        return missing;
    }

    Set<String> metricNames() {
        Set<String> names = new java.util.TreeSet<>();
        queries.forEach(q -> names.addAll(PromQlMetricNames.of(q.expression())));
        return names;
    }
}

package pw.fullstack.ephemeral.testkit.kubernetes;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Every request that reached a {@link MockKubernetesCluster} (reads included), in arrival order, the latest
 * 100,000: what a test compares with a service account's RBAC rules
 * ({@link pw.fullstack.ephemeral.testkit.rbac.RbacAuthorizer}). Select a client's requests by the bearer token it
 * presented ({@link #by(String)}): a Quarkus service under test uses {@link ToolsClusterResource#SERVICE_TOKEN},
 * {@link MockKubernetesCluster#client()} (the test's own hands, simulated controllers) another.
 */
public final class ApiRequestLog {

    private final ArrayDeque<ApiRequest> requests = new ArrayDeque<>();

    synchronized void record(ApiRequest request) {
        if (requests.size() == RequestJournal.CAPACITY) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    public synchronized List<ApiRequest> all() {
        return List.copyOf(requests);
    }

    /** The requests made with this bearer token. */
    public synchronized List<ApiRequest> by(String credential) {
        return requests.stream().filter(r -> r.credential().equals(credential)).toList();
    }
}

package pw.fullstack.ephemeral.testkit.kubernetes;

/** The smallest kubeconfig that fabric8 and kubectl accept: one cluster, one token user, one context. */
final class Kubeconfig {

    private Kubeconfig() {
    }

    static String forServer(String contextName, String serverUrl, String namespace, String token) {
        String name = quoted(contextName);
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: %4$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %3$s
                current-context: %1$s
                """.formatted(name, quoted(serverUrl), quoted(namespace), quoted(token));
    }

    // Double-quoted YAML scalars, so a context name cannot change the document's structure.
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

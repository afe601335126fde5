package pw.fullstack.ephemeral.provisioner.vault;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One kubeconfig holding every PR cluster, as the seed's {@code pr_kubeconfig_manager.sh} keeps it in its
 * {@code PR_KUBECONFIG} entry: each cluster's cluster, user and context named after the cluster (unique per
 * PR), the last one added the current context. Pure functions over fabric8's kubeconfig model; reading and
 * writing the entry is {@link MergedKubeconfigEntry}'s.
 *
 * <p>Unlike the seed's script, adding a cluster that is already there with the same credentials changes
 * nothing (not even the current context), so a replayed or repeated readiness writes nothing.
 */
public final class MergedKubeconfig {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private MergedKubeconfig() {
    }

    /** A kubeconfig without clusters, what the seed's script starts from. */
    public static Config empty() {
        return new ConfigBuilder().withApiVersion("v1").withKind("Config").withClusters(List.of()).withContexts(List.of())
                .withUsers(List.of()).withCurrentContext("").build();
    }

    /** @throws IllegalArgumentException when the text is not a kubeconfig */
    public static Config parse(String yaml) {
        Config config;
        try {
            config = SERIALIZATION.unmarshal(yaml, Config.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not YAML a kubeconfig can be read from");
        }
        if (config == null || !"Config".equals(config.getKind())) {
            throw new IllegalArgumentException("not a kubeconfig (kind Config)");
        }
        return config;
    }

    public static String yaml(Config config) {
        return SERIALIZATION.asYaml(config);
    }

    /**
     * {@code merged} with {@code single}'s current context (or its only one), its cluster and its user, all three
     * renamed {@code name}; entries of that name are replaced where they are, others are kept as they are.
     *
     * @throws IllegalArgumentException when {@code single} has no context, or the context's cluster or user is missing
     */
    public static Config withCluster(Config merged, String name, Config single) {
        NamedContext context = chosenContext(single);
        NamedCluster cluster = named(single.getClusters(), NamedCluster::getName, context.getContext().getCluster(), "cluster");
        NamedAuthInfo user = named(single.getUsers(), NamedAuthInfo::getName, context.getContext().getUser(), "user");
        NamedCluster newCluster = cluster.toBuilder().withName(name).build();
        NamedAuthInfo newUser = user.toBuilder().withName(name).build();
        NamedContext newContext = context.toBuilder().withName(name).editContext().withCluster(name).withUser(name)
                .endContext().build();
        Config base = merged == null ? empty() : merged;
        List<NamedCluster> clusters = replaced(base.getClusters(), NamedCluster::getName, name, newCluster);
        List<NamedAuthInfo> users = replaced(base.getUsers(), NamedAuthInfo::getName, name, newUser);
        List<NamedContext> contexts = replaced(base.getContexts(), NamedContext::getName, name, newContext);
        boolean unchanged = clusters.equals(list(base.getClusters())) && users.equals(list(base.getUsers()))
                && contexts.equals(list(base.getContexts()));
        return base.toBuilder().withClusters(clusters).withUsers(users).withContexts(contexts)
                .withCurrentContext(unchanged ? base.getCurrentContext() : name).build();
    }

    /**
     * {@code merged} without the cluster, user and context named {@code name}; when that was the current context,
     * the first remaining context becomes current (none: no current context), as the seed's script does.
     */
    public static Config withoutCluster(Config merged, String name) {
        if (merged == null) {
            return empty();
        }
        List<NamedContext> contexts = without(merged.getContexts(), NamedContext::getName, name);
        String current = merged.getCurrentContext();
        if (Objects.equals(current, name)) {
            current = contexts.isEmpty() ? "" : contexts.get(0).getName();
        }
        return merged.toBuilder().withClusters(without(merged.getClusters(), NamedCluster::getName, name))
                .withUsers(without(merged.getUsers(), NamedAuthInfo::getName, name)).withContexts(contexts)
                .withCurrentContext(current).build();
    }

    /** The names of the contexts, in order. */
    public static List<String> contextNames(Config config) {
        return list(config.getContexts()).stream().map(NamedContext::getName).toList();
    }

    private static NamedContext chosenContext(Config single) {
        List<NamedContext> contexts = list(single.getContexts());
        Optional<NamedContext> current = contexts.stream()
                .filter(c -> Objects.equals(c.getName(), single.getCurrentContext())).findFirst();
        NamedContext context = current.orElse(contexts.size() == 1 ? contexts.get(0) : null);
        if (context == null || context.getContext() == null) {
            throw new IllegalArgumentException("the cluster's kubeconfig has no current context");
        }
        return context;
    }

    private static <T> T named(List<T> entries, Function<T, String> name, String wanted, String what) {
        return list(entries).stream().filter(e -> Objects.equals(name.apply(e), wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the cluster's kubeconfig has no " + what
                        + " its context names"));
    }

    private static <T> List<T> replaced(List<T> entries, Function<T, String> name, String wanted, T replacement) {
        List<T> result = new ArrayList<>();
        boolean placed = false;
        for (T entry : list(entries)) {
            if (!Objects.equals(name.apply(entry), wanted)) {
                result.add(entry);
            } else if (!placed) {
                result.add(replacement);
                placed = true;
            }
        }
        if (!placed) {
            result.add(replacement);
        }
        return result;
    }

    private static <T> List<T> without(List<T> entries, Function<T, String> name, String unwanted) {
        return list(entries).stream().filter(e -> !Objects.equals(name.apply(e), unwanted)).toList();
    }

    private static <T> List<T> list(List<T> entries) {
        return entries == null ? List.of() : entries;
    }
}

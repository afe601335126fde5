package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A role of Vault's Kubernetes auth method ({@code auth/<path>/role/<name>}): which service accounts, in which
 * namespaces, with which audience, may log in, and the policies and TTLs of the token they get.
 */
record KubernetesRole(String name, List<String> boundServiceAccountNames, List<String> boundServiceAccountNamespaces,
        String audience, List<String> tokenPolicies, Duration tokenTtl, Duration tokenMaxTtl, boolean tokenNoDefaultPolicy) {

    KubernetesRole {
        boundServiceAccountNames = List.copyOf(boundServiceAccountNames);
        boundServiceAccountNamespaces = List.copyOf(boundServiceAccountNamespaces);
        tokenPolicies = List.copyOf(tokenPolicies);
        if (boundServiceAccountNames.isEmpty()) {
            throw VaultRequestRejected.badRequest("\"bound_service_account_names\" can not be empty");
        }
        if (boundServiceAccountNames.size() > 1 && boundServiceAccountNames.contains("*")) {
            throw VaultRequestRejected.badRequest("can not mix \"*\" with values");
        }
        if (boundServiceAccountNamespaces.isEmpty()) {
            throw VaultRequestRejected.badRequest("\"bound_service_account_namespaces\" can not be empty if "
                    + "\"bound_service_account_namespace_selector\" is not set");
        }
        if (boundServiceAccountNamespaces.size() > 1 && boundServiceAccountNamespaces.contains("*")) {
            throw VaultRequestRejected.badRequest("can not mix \"*\" with values");
        }
        if (!tokenMaxTtl.isZero() && tokenTtl.compareTo(tokenMaxTtl) > 0) {
            throw VaultRequestRejected.badRequest("token ttl should not be greater than token max ttl");
        }
    }

    boolean bindsServiceAccount(String serviceAccount) {
        return boundServiceAccountNames.stream().anyMatch(glob -> TokenRole.globMatches(glob, serviceAccount));
    }

    boolean bindsNamespace(String namespace) {
        return boundServiceAccountNamespaces.stream().anyMatch(glob -> TokenRole.globMatches(glob, namespace));
    }

    Map<String, Object> wire() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alias_name_source", "serviceaccount_uid");
        data.put("audience", audience);
        data.put("bound_service_account_names", boundServiceAccountNames);
        data.put("bound_service_account_namespace_selector", "");
        data.put("bound_service_account_namespaces", boundServiceAccountNamespaces);
        data.put("token_bound_cidrs", List.of());
        data.put("token_explicit_max_ttl", 0);
        data.put("token_max_ttl", tokenMaxTtl.toSeconds());
        data.put("token_no_default_policy", tokenNoDefaultPolicy);
        data.put("token_num_uses", 0);
        data.put("token_period", 0);
        data.put("token_policies", tokenPolicies);
        data.put("token_ttl", tokenTtl.toSeconds());
        data.put("token_type", "default");
        return data;
    }
}

package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A token role ({@code auth/token/roles/<name>}): what tokens created through it may carry. */
record TokenRole(String name, List<String> allowedPolicies, List<String> allowedPoliciesGlob,
        List<String> disallowedPolicies, List<String> disallowedPoliciesGlob, boolean orphan, boolean renewable,
        Duration tokenTtl, Duration tokenExplicitMaxTtl, boolean noDefaultPolicy) {

    TokenRole {
        allowedPolicies = List.copyOf(allowedPolicies);
        allowedPoliciesGlob = List.copyOf(allowedPoliciesGlob);
        disallowedPolicies = List.copyOf(disallowedPolicies);
        disallowedPoliciesGlob = List.copyOf(disallowedPoliciesGlob);
    }

    boolean restrictsPolicies() {
        return !allowedPolicies.isEmpty() || !allowedPoliciesGlob.isEmpty();
    }

    boolean allows(String policy) {
        return allowedPolicies.contains(policy) || allowedPoliciesGlob.stream().anyMatch(glob -> globMatches(glob, policy));
    }

    boolean disallows(String policy) {
        return disallowedPolicies.contains(policy) || disallowedPoliciesGlob.stream().anyMatch(glob -> globMatches(glob, policy));
    }

    /** Vault's policy globs: {@code *} stands for any run of characters. */
    static boolean globMatches(String glob, String value) {
        String regex = java.util.Arrays.stream(glob.split("\\*", -1)).map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return value.matches(regex);
    }

    Map<String, Object> wire() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("allowed_policies", allowedPolicies);
        data.put("allowed_policies_glob", allowedPoliciesGlob);
        data.put("disallowed_policies", disallowedPolicies);
        data.put("disallowed_policies_glob", disallowedPoliciesGlob);
        data.put("orphan", orphan);
        data.put("renewable", renewable);
        data.put("token_ttl", tokenTtl.toSeconds());
        data.put("token_explicit_max_ttl", tokenExplicitMaxTtl.toSeconds());
        data.put("token_no_default_policy", noDefaultPolicy);
        data.put("token_type", "default-service");
        return data;
    }
}

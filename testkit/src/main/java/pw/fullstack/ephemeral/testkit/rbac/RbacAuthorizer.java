package pw.fullstack.ephemeral.testkit.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.List;
import pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest;

/**
 * Kubernetes' RBAC authorizer as a pure function (the rules of {@code k8s.io/kubernetes/pkg/apis/rbac/v1}
 * {@code RuleAllows} and the default rule resolution): a request is allowed when one rule of one grant that holds
 * in the request's namespace matches its verb, API group, resource (with subresource) and, where the rule names
 * them, its object's name; a non-resource request when a rule's nonResourceURLs match its path. There is no deny.
 */
public final class RbacAuthorizer {

    private static final String ALL = "*";

    private RbacAuthorizer() {
    }

    public static boolean allows(Collection<RbacGrant> grants, ApiRequest request) {
        for (RbacGrant grant : grants) {
            if (grant.namespace().isPresent() && !grant.namespace().get().equals(request.namespace())) {
                continue;
            }
            for (PolicyRule rule : grant.rules()) {
                if (request.isResourceRequest() ? resourceRuleAllows(rule, request) : nonResourceRuleAllows(rule, request)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The requests none of the grants allows (empty: all allowed). */
    public static List<ApiRequest> refused(Collection<RbacGrant> grants, Collection<ApiRequest> requests) {
        return requests.stream().filter(r -> !allows(grants, r)).toList();
    }

    static boolean resourceRuleAllows(PolicyRule rule, ApiRequest request) {
        return matches(rule.getVerbs(), request.verb())
                && matches(rule.getApiGroups(), request.group())
                && resourceMatches(rule.getResources(), request)
                && nameMatches(rule.getResourceNames(), request.name());
    }

    private static boolean resourceMatches(List<String> resources, ApiRequest request) {
        if (resources == null) {
            return false;
        }
        for (String resource : resources) {
            if (resource.equals(ALL) || resource.equals(request.combinedResource())) {
                return true;
            }
            if (request.subresource() != null && resource.equals("*/" + request.subresource())) {
                return true;
            }
        }
        return false;
    }

    /** No names in the rule: any object. Names: only requests that name one of them (never a create or a list). */
    private static boolean nameMatches(List<String> names, String name) {
        return names == null || names.isEmpty() || (name != null && names.contains(name));
    }

    private static boolean nonResourceRuleAllows(PolicyRule rule, ApiRequest request) {
        if (!matches(rule.getVerbs(), request.verb()) || rule.getNonResourceURLs() == null) {
            return false;
        }
        for (String url : rule.getNonResourceURLs()) {
            if (url.equals(ALL) || url.equals(request.path())
                    || (url.endsWith("*") && request.path().startsWith(url.substring(0, url.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<String> allowed, String value) {
        return allowed != null && (allowed.contains(ALL) || allowed.contains(value));
    }
}

# Phase 2: a quota that keeps one PR's app inside its node (the seed's "resource quotas per cluster")
# and defaults for containers that state no resources, in the app namespace.
apiVersion: v1
kind: ResourceQuota
metadata:
  name: environment
  namespace: ${APP_NAMESPACE}
spec:
  hard:
    requests.cpu: "${QUOTA_REQUESTS_CPU}"
    requests.memory: "${QUOTA_REQUESTS_MEMORY}"
    limits.cpu: "${QUOTA_LIMITS_CPU}"
    limits.memory: "${QUOTA_LIMITS_MEMORY}"
    requests.storage: "${QUOTA_STORAGE}"
    persistentvolumeclaims: "${QUOTA_PVCS}"
    pods: "${QUOTA_PODS}"
---
apiVersion: v1
kind: LimitRange
metadata:
  name: environment
  namespace: ${APP_NAMESPACE}
spec:
  limits:
    - type: Container
      default:
        cpu: "${LIMIT_DEFAULT_CPU}"
        memory: "${LIMIT_DEFAULT_MEMORY}"
      defaultRequest:
        cpu: "${LIMIT_DEFAULT_REQUEST_CPU}"
        memory: "${LIMIT_DEFAULT_REQUEST_MEMORY}"

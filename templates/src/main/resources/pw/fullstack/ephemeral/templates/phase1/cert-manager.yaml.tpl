# Phase 1: cert-manager through K3s's helm-controller. Chart v1.18.6 = the vendored CRDs' version;
# 1.18 is the last cert-manager minor that supports Kubernetes 1.30 (K3s v1.30.6+k3s1).
apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: cert-manager
  namespace: kube-system
spec:
  repo: https://charts.jetstack.io
  chart: cert-manager
  version: v1.18.6
  targetNamespace: cert-manager
  createNamespace: true
  backOffLimit: ${HELM_BACKOFF_LIMIT}
  failurePolicy: abort
  timeout: ${HELM_TIMEOUT}
  valuesContent: |-
    crds:
      enabled: true
      keep: false

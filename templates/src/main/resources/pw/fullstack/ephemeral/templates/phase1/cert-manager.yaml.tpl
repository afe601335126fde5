# Phase 1: cert-manager through K3s's helm-controller. Chart v1.18.6 = the vendored CRDs' version;
# 1.18 is the last cert-manager minor that supports Kubernetes 1.30 (K3s v1.30.6+k3s1). Each image: the
# chart's appVersion as tag, pinned by digest when the site sets one (ChartImages), from a mirror when set.
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
    image:
      repository: ${CERT_MANAGER_CONTROLLER_IMAGE}
      tag: "v1.18.6${CERT_MANAGER_CONTROLLER_DIGEST}"
    webhook:
      image:
        repository: ${CERT_MANAGER_WEBHOOK_IMAGE}
        tag: "v1.18.6${CERT_MANAGER_WEBHOOK_DIGEST}"
    cainjector:
      image:
        repository: ${CERT_MANAGER_CAINJECTOR_IMAGE}
        tag: "v1.18.6${CERT_MANAGER_CAINJECTOR_DIGEST}"
    acmesolver:
      image:
        repository: ${CERT_MANAGER_ACMESOLVER_IMAGE}
        tag: "v1.18.6${CERT_MANAGER_ACMESOLVER_DIGEST}"
    startupapicheck:
      image:
        repository: ${CERT_MANAGER_STARTUPAPICHECK_IMAGE}
        tag: "v1.18.6${CERT_MANAGER_STARTUPAPICHECK_DIGEST}"

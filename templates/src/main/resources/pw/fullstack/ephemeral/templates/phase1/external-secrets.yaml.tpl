# Phase 1: external-secrets. Chart 1.3.2 = the vendored CRDs' version: it serves external-secrets.io/v1
# (v1beta1 is no longer served) and still has the Vault provider. One image for the controller, the
# webhook and the cert controller: appVersion v1.3.2, pinned by digest when the site sets one (ChartImages).
apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: external-secrets
  namespace: kube-system
spec:
  repo: https://charts.external-secrets.io
  chart: external-secrets
  version: 1.3.2
  targetNamespace: external-secrets
  createNamespace: true
  backOffLimit: ${HELM_BACKOFF_LIMIT}
  failurePolicy: abort
  timeout: ${HELM_TIMEOUT}
  valuesContent: |-
    installCRDs: true
    image:
      repository: ${EXTERNAL_SECRETS_IMAGE}
      tag: "v1.3.2${EXTERNAL_SECRETS_DIGEST}"
    webhook:
      image:
        repository: ${EXTERNAL_SECRETS_IMAGE}
        tag: "v1.3.2${EXTERNAL_SECRETS_DIGEST}"
    certController:
      image:
        repository: ${EXTERNAL_SECRETS_IMAGE}
        tag: "v1.3.2${EXTERNAL_SECRETS_DIGEST}"

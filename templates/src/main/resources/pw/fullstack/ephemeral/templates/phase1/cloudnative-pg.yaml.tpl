# Phase 1, only for PRs that ask for install_postgres: the CloudNativePG operator. Chart 0.29.0 has
# appVersion 1.30.0 = the vendored Cluster CRD's version; its image (the operator, also each PostgreSQL pod's
# instance manager) is pinned by digest when the site sets one (ChartImages).
apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: cloudnative-pg
  namespace: kube-system
spec:
  repo: https://cloudnative-pg.github.io/charts
  chart: cloudnative-pg
  version: 0.29.0
  targetNamespace: cnpg-system
  createNamespace: true
  backOffLimit: ${HELM_BACKOFF_LIMIT}
  failurePolicy: abort
  timeout: ${HELM_TIMEOUT}
  valuesContent: |-
    crds:
      create: true
    image:
      repository: ${CLOUDNATIVE_PG_IMAGE}
      tag: "1.30.0${CLOUDNATIVE_PG_DIGEST}"

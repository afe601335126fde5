# Phase 1: external-dns for Pi-hole (internal names). Pi-hole keeps no TXT records, so there is no
# ownership registry (registry noop): what keeps this instance away from every other record is
# domainFilters = this PR's own name. With it, policy sync removes the record when the DNSEndpoint
# goes; without it, sync would delete every other cluster's (and every hand-made) record.
# Only with installer.dns.publisher = in-cluster, which puts the provider credential into the PR's
# cluster: unsafe for untrusted PRs. Narrowed to the installer's own DNSEndpoint: namespaced (only the
# release's namespace, external-dns) and labelFilter (only the installer's label), so a DNSEndpoint the
# app creates in its own namespace publishes nothing through it.
apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: external-dns-pihole
  namespace: kube-system
spec:
  repo: https://kubernetes-sigs.github.io/external-dns/
  chart: external-dns
  version: 1.20.0
  targetNamespace: external-dns
  createNamespace: true
  backOffLimit: ${HELM_BACKOFF_LIMIT}
  failurePolicy: abort
  timeout: ${HELM_TIMEOUT}
  valuesContent: |-
    provider:
      name: pihole
    env:
      - name: EXTERNAL_DNS_PIHOLE_PASSWORD
        valueFrom:
          secretKeyRef:
            name: pihole-password
            key: password
    sources:
      - crd
    namespaced: true
    labelFilter: app.kubernetes.io/managed-by=ephemeral-installer
    policy: sync
    registry: noop
    domainFilters:
      - ${DNS_NAME}
    extraArgs:
      - --pihole-server=${PIHOLE_SERVER}
      - --pihole-api-version=${PIHOLE_API_VERSION}
    triggerLoopOnEvent: true
    interval: 1m
    image:
      repository: ${EXTERNAL_DNS_IMAGE}
      tag: "v0.20.0${EXTERNAL_DNS_DIGEST}"

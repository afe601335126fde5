# Phase 1: external-dns for Cloudflare (public names), told its zone by id — used when
# installer.phase1.cloudflare-zone-id is set (otherwise external-dns-cloudflare.yaml.tpl finds the zone by
# domain). Chart 1.20.0 = app v0.20.0, the vendored DNSEndpoint CRD's version. It reads DNSEndpoints
# (source crd) and, with the zone chosen by id, can see nothing but this PR's own name (domainFilters),
# so policy sync removes the record when the DNSEndpoint goes and can never touch another cluster's
# record; its TXT ownership records carry this cluster's own owner id and sit under that name
# (txtPrefix ends in a dot).
# Only with installer.dns.publisher = in-cluster, which puts the provider credential into the PR's
# cluster: unsafe for untrusted PRs. Narrowed to the installer's own DNSEndpoint: namespaced (only the
# release's namespace, external-dns) and labelFilter (only the installer's label), so a DNSEndpoint the
# app creates in its own namespace publishes nothing through it.
apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: external-dns-cloudflare
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
      name: cloudflare
    env:
      - name: CF_API_TOKEN
        valueFrom:
          secretKeyRef:
            name: cloudflare-api-token
            key: api-token
    sources:
      - crd
    namespaced: true
    labelFilter: app.kubernetes.io/managed-by=ephemeral-installer
    policy: sync
    registry: txt
    txtOwnerId: ${TXT_OWNER_ID}
    txtPrefix: "extdns-%{record_type}."
    domainFilters:
      - ${DNS_NAME}
    extraArgs:
      - --zone-id-filter=${CLOUDFLARE_ZONE_ID}
    triggerLoopOnEvent: true
    interval: 1m
    image:
      repository: ${EXTERNAL_DNS_IMAGE}
      tag: "v0.20.0${EXTERNAL_DNS_DIGEST}"

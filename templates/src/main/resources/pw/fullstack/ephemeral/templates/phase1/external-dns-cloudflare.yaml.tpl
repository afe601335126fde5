# Phase 1: external-dns for Cloudflare (public names), finding its zone by the site's DNS domain — the
# seed's way (--domain-filter=<its domain>, no zone id); used while installer.phase1.cloudflare-zone-id is
# empty. Chart 1.20.0 = app v0.20.0, the vendored DNSEndpoint CRD's version. Cloudflare's provider keeps
# the zones whose name the domain filter matches, so the filter is the domain (a zone of that name, or
# one below it), not this PR's name, which no zone is called; a zone above the domain (fullstack.pw for
# ephemeral.fullstack.pw) is found only by id (external-dns-cloudflare-zone-id.yaml.tpl). What keeps
# this instance away from other clusters' records is the TXT registry: policy sync deletes only records
# whose TXT ownership record carries this cluster's own owner id (under the name: txtPrefix ends in a dot),
# and it reads nothing but this cluster's DNSEndpoints (source crd).
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
      - ${DNS_DOMAIN}
    triggerLoopOnEvent: true
    interval: 1m
    image:
      repository: ${EXTERNAL_DNS_IMAGE}
      tag: "v0.20.0${EXTERNAL_DNS_DIGEST}"

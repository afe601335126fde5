# Phase 1: external-dns for Pi-hole (internal names). Pi-hole keeps no TXT records, so there is no
# ownership registry (registry noop): what keeps this instance away from every other record is
# domainFilters = this PR's own name. With it, policy sync removes the record when the DNSEndpoint
# goes; without it, sync would delete every other cluster's (and every hand-made) record.
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

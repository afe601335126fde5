# Phase 2 (in-cluster publisher only) with installer.dns.wildcard: the environment's name and every name
# under it -> the cluster's VIP, published by the cluster's own external-dns. Labelled as the installer's:
# that external-dns reads only this namespace and this label (namespaced, labelFilter).
apiVersion: externaldns.k8s.io/v1alpha1
kind: DNSEndpoint
metadata:
  name: environment
  namespace: external-dns
  labels:
    app.kubernetes.io/managed-by: ephemeral-installer
spec:
  endpoints:
    - dnsName: ${DNS_NAME}
      recordType: A
      recordTTL: ${DNS_TTL}
      targets:
        - ${CLUSTER_IP}
    - dnsName: "*.${DNS_NAME}"
      recordType: A
      recordTTL: ${DNS_TTL}
      targets:
        - ${CLUSTER_IP}

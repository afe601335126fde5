# Phase 2: the environment's name → the cluster's VIP, published by external-dns (source crd).
apiVersion: externaldns.k8s.io/v1alpha1
kind: DNSEndpoint
metadata:
  name: environment
  namespace: external-dns
spec:
  endpoints:
    - dnsName: ${DNS_NAME}
      recordType: A
      recordTTL: ${DNS_TTL}
      targets:
        - ${CLUSTER_IP}

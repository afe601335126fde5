# tools/dns-endpoint.yaml.tpl with installer.dns.wildcard: the environment's name and every name under
# it (*.<name>) -> the cluster's VIP, for apps that serve more than one host.
apiVersion: externaldns.k8s.io/v1alpha1
kind: DNSEndpoint
metadata:
  name: environment
  namespace: ${CLUSTER_NAME}
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

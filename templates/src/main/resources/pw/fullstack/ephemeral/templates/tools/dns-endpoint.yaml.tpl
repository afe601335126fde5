# On the tools cluster, in the PR's namespace there (the provisioner's, named after the cluster): the
# environment's name -> the cluster's VIP. Published by the platform's own external-dns on the tools
# cluster (--source=crd --label-filter=app.kubernetes.io/managed-by=ephemeral-installer, see the
# installer's README), so no DNS provider credential enters the PR's cluster. Deleted by the installer
# when the cluster expires; the namespace's deletion takes it along otherwise.
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

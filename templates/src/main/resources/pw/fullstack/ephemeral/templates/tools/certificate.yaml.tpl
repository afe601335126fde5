# On the tools cluster, in the PR's namespace there: the environment's certificate, issued by the
# platform's cert-manager through its ClusterIssuer (installer.tls.tools-cluster-issuer; ACME with a
# DNS-01 solver whose credential stays on the tools cluster). The installer copies tls.crt, tls.key
# (and ca.crt, if any) of the Secret into the PR's cluster and again after each renewal. A new key for
# every issuance: a key that leaked with one PR's cluster is not the next certificate's.
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: environment
  namespace: ${CLUSTER_NAME}
  labels:
    app.kubernetes.io/managed-by: ephemeral-installer
spec:
  secretName: environment-tls
  secretTemplate:
    labels:
      app.kubernetes.io/managed-by: ephemeral-installer
  dnsNames:
    - ${DNS_NAME}
  issuerRef:
    name: ${TOOLS_CLUSTER_ISSUER}
    kind: ClusterIssuer
    group: cert-manager.io
  privateKey:
    rotationPolicy: Always

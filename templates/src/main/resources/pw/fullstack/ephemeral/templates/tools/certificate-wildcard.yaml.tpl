# tools/certificate.yaml.tpl with installer.dns.wildcard: one certificate for the environment's name
# and every name under it (*.<name>; Let's Encrypt validates a wildcard only through DNS-01). Still one
# certificate per environment against the rate limits, and it covers this PR's names only.
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
    - "*.${DNS_NAME}"
  issuerRef:
    name: ${TOOLS_CLUSTER_ISSUER}
    kind: ClusterIssuer
    group: cert-manager.io
  privateKey:
    rotationPolicy: Always

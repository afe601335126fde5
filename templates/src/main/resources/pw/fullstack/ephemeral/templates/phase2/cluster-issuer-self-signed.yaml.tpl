# Phase 2 while the tools cluster issues the environment's certificate (installer.dns.publisher =
# tools-cluster, the default) and the solver is DNS-01: the ClusterIssuer the seed's apps annotate
# (cert-manager.io/cluster-issuer: letsencrypt-staging) exists, so their Ingress still gets a certificate,
# but a self-signed one: this issuer holds no DNS credential and reaches nothing outside the cluster (Let's
# Encrypt staging certificates are not trusted by browsers either). The environment's real certificate is
# the Secret the installer copies in (installer.tls.secret-name, tls.secretName in the app's Ingress).
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ${CLUSTER_ISSUER}
spec:
  selfSigned: {}

# Phase 2: Let's Encrypt through HTTP-01 on the cluster's ingress (K3s's Traefik). Works only where
# the name resolves publicly to an address Let's Encrypt can reach. Named what the app's Ingress annotates.
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ${CLUSTER_ISSUER}
spec:
  acme:
    server: "${ACME_SERVER}"
    email: "${ACME_EMAIL}"
    privateKeySecretRef:
      name: letsencrypt-account-key
    solvers:
      - http01:
          ingress:
            ingressClassName: ${INGRESS_CLASS}

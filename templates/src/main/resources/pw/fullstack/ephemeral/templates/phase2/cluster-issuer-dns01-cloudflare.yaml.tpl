# Phase 2: Let's Encrypt through DNS-01 at Cloudflare. The default, because HTTP-01 cannot validate a
# name that resolves to a private address: Let's Encrypt must reach the cluster over the internet. Named
# what the app's Ingress annotates (cert-manager.io/cluster-issuer; the seed's apps: letsencrypt-staging).
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
      - dns01:
          cloudflare:
            apiTokenSecretRef:
              name: cloudflare-api-token
              key: api-token
        selector:
          dnsNames:
            - "${DNS_NAME}"
            - "*.${DNS_NAME}"

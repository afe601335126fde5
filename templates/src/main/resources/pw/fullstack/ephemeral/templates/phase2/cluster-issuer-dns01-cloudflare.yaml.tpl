# Phase 2: Let's Encrypt through DNS-01 at Cloudflare. The default, because HTTP-01 cannot validate a
# name that resolves to a private address: Let's Encrypt must reach the cluster over the internet.
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
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

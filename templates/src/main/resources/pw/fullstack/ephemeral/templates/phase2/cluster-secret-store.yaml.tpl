# Phase 2: Vault KV v2 for external-secrets. The token is in the Secret external-secrets/vault-token,
# placed by the installer from Vault; it never travels in an event or a template value.
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: vault
spec:
  provider:
    vault:
      server: "${VAULT_SERVER}"
      path: ${VAULT_MOUNT}
      version: v2
      auth:
        tokenSecretRef:
          name: vault-token
          namespace: external-secrets
          key: token

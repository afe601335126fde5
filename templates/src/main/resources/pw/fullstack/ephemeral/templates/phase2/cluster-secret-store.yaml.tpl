# Phase 2: Vault KV v2 for external-secrets. The token is in the Secret external-secrets/vault-token,
# minted by the installer for this cluster alone (it reads only the PR repository's path, expires with
# the cluster and is revoked at teardown); it never travels in an event or a template value. Only
# ExternalSecrets in the app namespace may use this store.
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: vault
spec:
  conditions:
    - namespaces:
        - "${APP_NAMESPACE}"
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

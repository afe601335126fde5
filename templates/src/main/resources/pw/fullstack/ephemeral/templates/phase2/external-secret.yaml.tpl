# Phase 2: the app's secrets from Vault (every key under the repository's path) as the Secret
# app-secrets in the app namespace, refreshed hourly.
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: app-secrets
  namespace: ${APP_NAMESPACE}
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault
  target:
    name: app-secrets
    creationPolicy: Owner
  dataFrom:
    - extract:
        key: ${APP_SECRET_PATH}

# Phase 2: the app's secrets from Vault (every key under the repository's path) as one Secret in the app
# namespace, refreshed hourly; named what the app's pods read (the seed's apps: cluster-secrets).
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${APP_SECRET_NAME}
  namespace: ${APP_NAMESPACE}
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault
  target:
    name: ${APP_SECRET_NAME}
    creationPolicy: Owner
  dataFrom:
    - extract:
        key: ${APP_SECRET_PATH}

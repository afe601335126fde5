# Phase 2, only for PRs that ask for install_postgres: one small PostgreSQL instance (CloudNativePG)
# with database and owner "app", named what the app connects to (the seed's apps: postgres, so the
# Service postgres-rw); its credentials are in the Secret <name>-app, made by the operator.
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: ${POSTGRES_CLUSTER}
  namespace: ${APP_NAMESPACE}
spec:
  instances: 1
  storage:
    size: ${POSTGRES_STORAGE}
  bootstrap:
    initdb:
      database: app
      owner: app

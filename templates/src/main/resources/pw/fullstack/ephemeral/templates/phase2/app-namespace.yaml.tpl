# Phase 2: the namespace the app pipeline deploys into, when it is one of the installer's own. Not
# rendered for "default" (the seed's): every cluster has it, and the installer neither creates, labels
# as its own, nor deletes it; app-quota.yaml.tpl applies to it all the same.
apiVersion: v1
kind: Namespace
metadata:
  name: ${APP_NAMESPACE}

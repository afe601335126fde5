# notifier-service: its GitHub App private key (or token) and the key sealing the state in PR comments, read at
# start through quarkus-vault's configuration source (quarkus.vault.secret-config-kv-path, %prod default
# ephemeral-clusters/notifier in mount kv); change the path here when that setting changes.
path "kv/data/ephemeral-clusters/notifier" {
  capabilities = ["read"]
}

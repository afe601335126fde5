# github-bridge: its webhook secret(s) and, for the redelivery pass and dispatch checks, its GitHub App key or
# token, read at start through quarkus-vault's configuration source (quarkus.vault.secret-config-kv-path, %prod
# default ephemeral-clusters/github-bridge in mount kv); change the path here when that setting changes.
path "kv/data/ephemeral-clusters/github-bridge" {
  capabilities = ["read"]
}

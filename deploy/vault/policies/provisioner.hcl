# provisioner-service: kubeconfigs it stores and deletes, its tombstones and waiting runs. Paths follow the
# defaults of provisioner.vault.mount (kv) and provisioner.vault.path-prefix (ephemeral-clusters); change them
# here when those settings change (deploy/README "Vault").

# each PR cluster's kubeconfig, written (one writer, no check-and-set) and never read back
path "kv/data/ephemeral-clusters/+/kubeconfig" {
  capabilities = ["create", "update"]
}

# deleted with every version at teardown
path "kv/metadata/ephemeral-clusters/+/kubeconfig" {
  capabilities = ["delete"]
}

# runs that ended on a cluster (tombstones), written with check-and-set
path "kv/data/ephemeral-clusters/provisioner/ended-runs/*" {
  capabilities = ["read", "create", "update"]
}

# runs waiting for their cluster's namespace to be gone: read, written with check-and-set, listed, destroyed
path "kv/data/ephemeral-clusters/provisioner/pending-runs/*" {
  capabilities = ["read", "create", "update"]
}

path "kv/metadata/ephemeral-clusters/provisioner/pending-runs/" {
  capabilities = ["list"]
}

path "kv/metadata/ephemeral-clusters/provisioner/pending-runs/*" {
  capabilities = ["delete"]
}

# With provisioner.vault.merged-kubeconfig-path set (the seed's PR_KUBECONFIG entry, off by default), add:
# path "kv/data/<merged-kubeconfig-path>" { capabilities = ["read", "create", "update"] }

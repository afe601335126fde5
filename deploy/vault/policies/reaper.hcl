# reaper-service: reads the allocator's map and records (never writes them), keeps its own PR history and
# orphan suspicions. Paths follow the defaults of reaper.vault.mount (kv), reaper.vault.allocations-path
# (ephemeral-clusters/ip-allocations), reaper.vault.allocator-records-path (ephemeral-clusters/allocator/clusters)
# and reaper.vault.state-path (ephemeral-clusters/reaper); change them here when those settings change.

path "kv/data/ephemeral-clusters/ip-allocations" {
  capabilities = ["read"]
}

path "kv/data/ephemeral-clusters/allocator/clusters/*" {
  capabilities = ["read"]
}

# its own documents, written with check-and-set
path "kv/data/ephemeral-clusters/reaper/prs/*" {
  capabilities = ["read", "create", "update"]
}

path "kv/data/ephemeral-clusters/reaper/orphan-suspects" {
  capabilities = ["read", "create", "update"]
}

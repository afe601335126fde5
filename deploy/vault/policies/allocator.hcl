# allocator-service: the IP pool. Paths follow the defaults of allocator.vault.mount (kv),
# allocator.vault.allocations-path (ephemeral-clusters/ip-allocations) and allocator.vault.state-path
# (ephemeral-clusters/allocator); change them here when those settings change (deploy/README "Vault").
# Every write carries check-and-set; setup.sh makes the map and the queue cas_required in Vault too.

# the allocation map {"<ip>": "<cluster>"}, the seed's format
path "kv/data/ephemeral-clusters/ip-allocations" {
  capabilities = ["read", "create", "update"]
}

# the FIFO wait queue
path "kv/data/ephemeral-clusters/allocator/queue" {
  capabilities = ["read", "create", "update"]
}

# one record per cluster: run, addresses, PR, ended runs
path "kv/data/ephemeral-clusters/allocator/clusters/*" {
  capabilities = ["read", "create", "update"]
}

# the names of those records, in one request: a batch of PrOpened reads only the records that exist
# (Vault's router ends a list request's path with "/")
path "kv/metadata/ephemeral-clusters/allocator/clusters/" {
  capabilities = ["list"]
}

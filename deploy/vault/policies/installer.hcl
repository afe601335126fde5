# installer-service: reads the kubeconfigs the provisioner stored, mints each PR cluster's app token through the
# token role and revokes it at teardown. It reads no app's secrets itself: the minted token does, for its own
# repository only (policy ephemeral-app--<owner>--<repo>, written by the platform team). Paths follow the
# defaults of installer.vault.mount (kv), installer.vault.path-prefix (ephemeral-clusters) and
# installer.vault.app-token-role (ephemeral-pr-apps); change them here when those settings change.

# each PR cluster's kubeconfig
path "kv/data/ephemeral-clusters/+/kubeconfig" {
  capabilities = ["read"]
}

# mint a PR cluster's token: the role allows only ephemeral-app--* policies, orphan, at most 73 h (setup.sh)
path "auth/token/create/ephemeral-pr-apps" {
  capabilities = ["update"]
}

# revoke it at teardown (by accessor: the installer never keeps the token itself)
path "auth/token/revoke-accessor" {
  capabilities = ["update"]
}

# Only with installer.dns.publisher=in-cluster (unsafe, off by default) does the installer read the DNS
# providers' credentials; then add:
# path "kv/data/ephemeral-clusters/installer/cloudflare" { capabilities = ["read"] }
# path "kv/data/ephemeral-clusters/installer/pihole" { capabilities = ["read"] }

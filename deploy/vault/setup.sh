#!/usr/bin/env bash
# Sets Vault up for ephemeral-clusters: the KV v2 mount and check-and-set on the allocator's shared documents,
# one ACL policy per service (policies/<service>.hcl), the Kubernetes auth method with one role per service
# (bound to the service's ServiceAccount in the namespace, audience "vault"), and the token role the installer
# mints each PR cluster's app token through. Idempotent: run it again after changing a policy or a setting.
#
# Needs the vault CLI and jq, logged in as an operator who may write policies and auth methods
# (VAULT_ADDR, VAULT_TOKEN or another login). Settings (environment):
#   KUBERNETES_HOST        required: the tools cluster's API server as Vault reaches it (its TokenReview)
#   KUBERNETES_CA_CERT     file with that API server's CA certificate (unset: Vault's own, when it runs in the cluster)
#   TOKEN_REVIEWER_JWT     a long-lived token of a ServiceAccount bound to system:auth-delegator, when Vault runs
#                          outside the tools cluster (unset: Vault's own, or each login's JWT)
#   NAMESPACE              the services' namespace                                  (ephemeral-clusters)
#   KV_MOUNT               the KV v2 mount of every service's documents            (kv)
#   KUBERNETES_AUTH_PATH   where the Kubernetes auth method is mounted             (kubernetes)
#   SERVICE_TOKEN_TTL      a service's Vault token after login, renewed by quarkus-vault   (1h)
#   SERVICE_TOKEN_MAX_TTL  after which it logs in again with a fresh projected token      (4h)
#   APP_TOKEN_ROLE         installer.vault.app-token-role                           (ephemeral-pr-apps)
#   APP_POLICY_PREFIX      installer.vault.app-policy-prefix                        (ephemeral-app--)
#   APP_TOKEN_MAX_TTL      the longest a PR cluster's token may live: installer.vault.app-token-ttl plus margin (73h)
#   APP_REPOSITORIES       optional, "owner/repo owner/repo ...": writes each repository's app policy, reading
#                          <KV_MOUNT>/data/<APPS_PATH>/<owner>/<repo> (lower-case)
#   APPS_PATH              installer.vault.apps-path                                (ephemeral-clusters/apps)
# The policies name the default mount and paths; a site that changes KV_MOUNT or a service's paths edits them too.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${KUBERNETES_HOST:?set KUBERNETES_HOST to the tools cluster API server as Vault reaches it}"
NAMESPACE="${NAMESPACE:-ephemeral-clusters}"
KV_MOUNT="${KV_MOUNT:-kv}"
KUBERNETES_AUTH_PATH="${KUBERNETES_AUTH_PATH:-kubernetes}"
SERVICE_TOKEN_TTL="${SERVICE_TOKEN_TTL:-1h}"
SERVICE_TOKEN_MAX_TTL="${SERVICE_TOKEN_MAX_TTL:-4h}"
APP_TOKEN_ROLE="${APP_TOKEN_ROLE:-ephemeral-pr-apps}"
APP_POLICY_PREFIX="${APP_POLICY_PREFIX:-ephemeral-app--}"
APP_TOKEN_MAX_TTL="${APP_TOKEN_MAX_TTL:-73h}"
APPS_PATH="${APPS_PATH:-ephemeral-clusters/apps}"
SERVICES=(allocator provisioner installer reaper notifier github-bridge)

echo "KV v2 at ${KV_MOUNT}/"
if ! vault secrets list -format=json | jq -e --arg mount "${KV_MOUNT}/" 'has($mount)' >/dev/null; then
  vault secrets enable -path="${KV_MOUNT}" -version=2 kv
fi

# Several allocator replicas (and the seed's shell tooling) write these two: a write without check-and-set is refused.
# The per-cluster records have one key each, written by the allocator only, always with check-and-set.
for key in ephemeral-clusters/ip-allocations ephemeral-clusters/allocator/queue; do
  echo "cas_required on ${KV_MOUNT}/${key}"
  vault write "${KV_MOUNT}/metadata/${key}" cas_required=true
done

for service in "${SERVICES[@]}"; do
  echo "policy ${service}"
  vault policy write "${service}" "${here}/policies/${service}.hcl"
done

echo "Kubernetes auth at auth/${KUBERNETES_AUTH_PATH}/"
if ! vault auth list -format=json | jq -e --arg path "${KUBERNETES_AUTH_PATH}/" 'has($path)' >/dev/null; then
  vault auth enable -path="${KUBERNETES_AUTH_PATH}" kubernetes
fi
config=(kubernetes_host="${KUBERNETES_HOST}")
if [[ -n "${KUBERNETES_CA_CERT:-}" ]]; then
  config+=(kubernetes_ca_cert=@"${KUBERNETES_CA_CERT}")
fi
if [[ -n "${TOKEN_REVIEWER_JWT:-}" ]]; then
  config+=(token_reviewer_jwt="${TOKEN_REVIEWER_JWT}")
fi
vault write "auth/${KUBERNETES_AUTH_PATH}/config" "${config[@]}"

for service in "${SERVICES[@]}"; do
  echo "role ${service}: ServiceAccount ${NAMESPACE}/${service}, audience vault, policy ${service}"
  vault write "auth/${KUBERNETES_AUTH_PATH}/role/${service}" \
    bound_service_account_names="${service}" \
    bound_service_account_namespaces="${NAMESPACE}" \
    audience=vault \
    token_policies="${service}" \
    token_ttl="${SERVICE_TOKEN_TTL}" \
    token_max_ttl="${SERVICE_TOKEN_MAX_TTL}"
done

# The boundary of what the installer can hand a PR's cluster: only the repositories' own policies (which it
# cannot write), an orphan token (it outlives the installer's login and is revoked by accessor at teardown),
# never longer than a cluster may live.
echo "token role ${APP_TOKEN_ROLE}: policies ${APP_POLICY_PREFIX}*"
vault write "auth/token/roles/${APP_TOKEN_ROLE}" \
  allowed_policies_glob="${APP_POLICY_PREFIX}*" \
  disallowed_policies=root \
  orphan=true \
  token_explicit_max_ttl="${APP_TOKEN_MAX_TTL}"

for repository in ${APP_REPOSITORIES:-}; do
  repository="$(tr '[:upper:]' '[:lower:]' <<<"${repository}")"
  owner="${repository%%/*}"
  name="${repository#*/}"
  policy="${APP_POLICY_PREFIX}${owner}--${name}"
  echo "policy ${policy}: reads ${KV_MOUNT}/data/${APPS_PATH}/${owner}/${name}"
  printf 'path "%s/data/%s/%s/%s" {\n  capabilities = ["read"]\n}\n' "${KV_MOUNT}" "${APPS_PATH}" "${owner}" "${name}" \
    | vault policy write "${policy}" -
done
echo "done"

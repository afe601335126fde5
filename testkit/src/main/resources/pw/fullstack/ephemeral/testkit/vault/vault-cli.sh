#!/usr/bin/env bash
# A stand-in for the vault CLI, for the commands deploy/vault/setup.sh runs, so the script runs against the Vault
# emulator where no vault binary is installed. Each command sends the HTTP request the real CLI sends
# (VAULT_ADDR, X-Vault-Token from VAULT_TOKEN) and fails as it does: the server's errors on stderr, exit 2.
#   vault write PATH k=v k=@file ...     POST /v1/PATH, every value a string (the server parses it)
#   vault read [-format=json] PATH       GET /v1/PATH, the whole reply
#   vault policy write NAME FILE|-       PUT /v1/sys/policies/acl/NAME {"policy": ...}
#   vault auth enable -path=P TYPE       POST /v1/sys/auth/P {"type": TYPE}
#   vault auth list -format=json         GET /v1/sys/auth, its data
#   vault secrets enable -path=P -version=2 kv    POST /v1/sys/mounts/P
#   vault secrets list -format=json      GET /v1/sys/mounts, its data
set -euo pipefail

: "${VAULT_ADDR:?VAULT_ADDR is not set}"
: "${VAULT_TOKEN:?VAULT_TOKEN is not set}"

request() { # method path [json body] → prints the body; exit 2 on an error status, as the CLI does
  local method="$1" path="$2" body="${3:-}" out status
  out="$(mktemp)"
  if [[ -n "${body}" ]]; then
    status="$(curl -sS -o "${out}" -w '%{http_code}' -X "${method}" -H "X-Vault-Token: ${VAULT_TOKEN}" \
      -H 'Content-Type: application/json' --data-binary "${body}" "${VAULT_ADDR}/v1/${path}")"
  else
    status="$(curl -sS -o "${out}" -w '%{http_code}' -X "${method}" -H "X-Vault-Token: ${VAULT_TOKEN}" "${VAULT_ADDR}/v1/${path}")"
  fi
  if [[ "${status}" -ge 400 ]]; then
    echo "Error making API request." >&2
    echo "URL: ${method} ${VAULT_ADDR}/v1/${path}" >&2
    echo "Code: ${status}. Errors:" >&2
    jq -r '.errors[]? | "* " + .' "${out}" >&2 || true
    rm -f "${out}"
    exit 2
  fi
  cat "${out}"
  rm -f "${out}"
}

key_values() { # k=v ... → a JSON object of strings; k=@file reads the file
  local json='{}' pair key value
  for pair in "$@"; do
    key="${pair%%=*}"
    value="${pair#*=}"
    if [[ "${value}" == @* ]]; then
      value="$(cat "${value#@}")"
    fi
    json="$(jq -c --arg k "${key}" --arg v "${value}" '. + {($k): $v}' <<<"${json}")"
  done
  echo "${json}"
}

flag() { # -name=value among the arguments
  local name="$1"; shift
  local argument
  for argument in "$@"; do
    if [[ "${argument}" == "-${name}="* ]]; then
      echo "${argument#-"${name}"=}"
      return
    fi
  done
}

command="${1:-}"; shift || true
case "${command}" in
  write)
    path="${1:?vault write PATH k=v ...}"; shift
    request POST "${path}" "$(key_values "$@")" >/dev/null
    echo "Success! Data written to: ${path}"
    ;;
  read)
    [[ "${1:-}" == -format=* ]] && shift
    request GET "${1:?vault read PATH}"
    ;;
  policy)
    [[ "${1:-}" == "write" ]] || { echo "the stand-in knows only 'vault policy write'" >&2; exit 1; }
    name="${2:?vault policy write NAME FILE}"
    file="${3:?vault policy write NAME FILE}"
    if [[ "${file}" == "-" ]]; then text="$(cat)"; else text="$(cat "${file}")"; fi
    request PUT "sys/policies/acl/${name}" "$(jq -cn --arg p "${text}" '{policy: $p}')" >/dev/null
    echo "Success! Uploaded policy: ${name}"
    ;;
  auth|secrets)
    sub="${1:-}"; shift || true
    api="sys/auth"; [[ "${command}" == "secrets" ]] && api="sys/mounts"
    case "${sub}" in
      list)
        request GET "${api}" | jq '.data'
        ;;
      enable)
        type="${!#}"
        path="$(flag path "$@")"; path="${path:-${type}}"
        if [[ "${command}" == "secrets" ]]; then
          body="$(jq -cn --arg t "${type}" --arg v "$(flag version "$@")" '{type: $t, options: (if $v == "" then {} else {version: $v} end)}')"
        else
          body="$(jq -cn --arg t "${type}" '{type: $t}')"
        fi
        request POST "${api}/${path}" "${body}" >/dev/null
        echo "Success! Enabled ${type} at: ${path}/"
        ;;
      *) echo "the stand-in knows only '${command} list' and '${command} enable'" >&2; exit 1 ;;
    esac
    ;;
  *)
    echo "the stand-in does not know 'vault ${command}'" >&2
    exit 1
    ;;
esac

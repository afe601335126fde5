#!/usr/bin/env bash
# Downloads the upstream files pinned in upstream.lock (CRDs, GitHub's REST description, webhook
# examples) into the upstream directory and checks each against its SHA-256. Files already there and
# unchanged are left alone; a missing or changed one is (re)placed only once its download matches.
#
#   ./fetch-upstream.sh [DIR]
#
# DIR defaults to $EPHEMERAL_UPSTREAM_DIR, else ../shared/upstream beside this project: the directory the
# tests and the sandbox read (README, "Upstream data"). Needs curl for https sources, and npm and node
# for npm: sources (fetched with `npm pack` from the registry npm is configured with).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${EPHEMERAL_UPSTREAM_DIR:-$root/../shared/upstream}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# The paths of GitHub's REST description this project calls or serves in its GitHub double (testkit's
# RestApiDescription); the extract keeps openapi, info, servers and these path items, unchanged.
rest_paths='[
  "/repos/{owner}/{repo}/issues/{issue_number}/comments", "/repos/{owner}/{repo}/issues/comments/{comment_id}",
  "/repos/{owner}/{repo}/deployments", "/repos/{owner}/{repo}/deployments/{deployment_id}",
  "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", "/repos/{owner}/{repo}/environments/{environment_name}",
  "/repos/{owner}/{repo}/dispatches", "/repos/{owner}/{repo}/pulls/{pull_number}", "/repos/{owner}/{repo}/installation",
  "/app", "/app/installations/{installation_id}/access_tokens", "/app/hook/deliveries",
  "/app/hook/deliveries/{delivery_id}", "/app/hook/deliveries/{delivery_id}/attempts",
  "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries", "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}",
  "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts", "/orgs/{org}/hooks/{hook_id}/deliveries",
  "/orgs/{org}/hooks/{hook_id}/deliveries/{delivery_id}", "/orgs/{org}/hooks/{hook_id}/deliveries/{delivery_id}/attempts",
  "/rate_limit", "/repos/{owner}/{repo}/commits/{ref}"]'

# extract NAME IN OUT: the named extractions upstream.lock refers to (JSON written as JSON.stringify(x, null, 1)).
extract() {
  case "$1" in
    webhook-examples) node -e '
      const fs = require("fs");
      const all = JSON.parse(fs.readFileSync(process.argv[1]));
      const kept = all.filter(e => ["pull_request", "repository_dispatch", "ping"].includes(e.name));
      fs.writeFileSync(process.argv[2], JSON.stringify(kept, null, 1));' "$2" "$3" ;;
    rest-subset) node -e '
      const fs = require("fs");
      const d = JSON.parse(fs.readFileSync(process.argv[1]));
      const out = {openapi: d.openapi, info: d.info, servers: d.servers, paths: {}};
      for (const p of JSON.parse(process.argv[3])) {
        if (!d.paths[p]) { console.error("no path " + p); process.exit(1); }
        out.paths[p] = d.paths[p];
      }
      fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1));' "$2" "$3" "$rest_paths" ;;
    *) echo "unknown extraction $1" >&2; return 1 ;;
  esac
}

# npm_file PACKAGE@VERSION FILE: the file's path in the unpacked package (each package packed once).
npm_file() {
  local spec=$1 file=$2 unpacked="$work/npm/${1//[\/@]/_}"
  if [ ! -d "$unpacked" ]; then
    mkdir -p "$unpacked"
    (cd "$unpacked" && npm pack --silent "$spec" >/dev/null </dev/null && tar xzf ./*.tgz)
  fi
  echo "$unpacked/package/$file"
}

fetched=0 present=0 failed=0
while read -r path sha project version source extraction <&3; do
  [[ -z "$path" || "$path" == \#* ]] && continue
  target="$dir/$path"
  if [ -f "$target" ] && [ "$(sha256 "$target")" = "$sha" ]; then
    present=$((present + 1))
    continue
  fi
  download="$work/download"
  rm -f "$download"
  case "$source" in
    https://*) curl -fsSL --retry 3 -o "$download" "$source" </dev/null || true ;;
    npm:*)
      spec=${source#npm:}
      from=$(npm_file "${spec%%:*}" "${spec#*:}") || true
      if [ -n "${extraction:-}" ]; then
        [ -f "$from" ] && extract "${extraction#extract=}" "$from" "$download" || true
      elif [ -f "$from" ]; then
        cp "$from" "$download"
      fi ;;
    *) echo "upstream.lock: unknown source $source for $path" >&2 ;;
  esac
  if [ ! -f "$download" ]; then
    echo "FAILED  $path: could not get $source" >&2
    failed=$((failed + 1))
  elif [ "$(sha256 "$download")" != "$sha" ]; then
    echo "FAILED  $path: $source has SHA-256 $(sha256 "$download"), upstream.lock pins $sha ($project $version)" >&2
    failed=$((failed + 1))
  else
    mkdir -p "$(dirname "$target")"
    mv "$download" "$target"
    echo "fetched $path ($project $version)"
    fetched=$((fetched + 1))
  fi
done 3< "$root/upstream.lock"

echo "upstream directory $dir: $present already there, $fetched fetched, $failed failed"
[ "$failed" = 0 ]

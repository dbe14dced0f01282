#!/usr/bin/env bash
# Rolls the agent back to its previous release and holds until the health gate passes (or fails loudly).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: rollback.sh --target kubernetes [--namespace NS] [--deployment NAME | --rollout NAME] [--to-revision N]
       rollback.sh --target compose [--env-file FILE] [--history FILE]
       rollback.sh --target compose --record

kubernetes: `kubectl rollout undo` of the Deployment (or, with --rollout, `kubectl argo rollouts undo` of
            the Argo Rollout of the canary overlay), then the health gate: `rollout status` within the
            timeout, every replica ready, and /health/ready answered inside a pod.
compose:    re-pins AGENTRY_VERSION in the Compose .env file to the release before the current one in the
            history file, runs `up -d` for the agent, and waits for its health check. --record appends
            the AGENTRY_VERSION now in the .env file to the history: run it after every deploy.

  --namespace NS       (production-agents)
  --deployment NAME    (agent-deployment)
  --rollout NAME       an Argo Rollout instead of the Deployment (needs the kubectl-argo-rollouts plugin)
  --to-revision N      a given revision instead of the previous one (see `kubectl rollout history`)
  --compose-file FILE  (infrastructure/docker/docker-compose.yml)
  --env-file FILE      (the .env beside the Compose file)
  --history FILE       (.release-history beside the Compose file)
  --service NAME       the agent's Compose service (agent)
  --timeout S          health gate, in seconds (default: 300)
  --dry-run            print the commands that change something instead of running them
  -h, --help           this text
USAGE
}

target="" namespace=production-agents deployment=agent-deployment rollout="" revision=""
compose_file="" env_file="" history="" service=agent timeout=300 record=no dry_run=no
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --record) record=yes; shift; continue ;;
    --dry-run) dry_run=yes; shift; continue ;;
  esac
  need_value "$1" "${2:-}"
  case "$1" in
    --target) target=$2 ;;
    --namespace) namespace=$2 ;;
    --deployment) deployment=$2 ;;
    --rollout) rollout=$2 ;;
    --to-revision) revision=$2 ;;
    --compose-file) compose_file=$2 ;;
    --env-file) env_file=$2 ;;
    --history) history=$2 ;;
    --service) service=$2 ;;
    --timeout) timeout=$2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift 2
done

# change COMMAND...: a command that changes the deployment; printed instead under --dry-run.
change() {
  if [ "$dry_run" = yes ]; then
    printf 'would run:'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

rollback_kubernetes() {
  require_cmd kubectl "install kubectl and point its context at the cluster"
  local k=(kubectl -n "$namespace")
  if [ -n "$rollout" ]; then
    "${k[@]}" argo rollouts version >/dev/null 2>&1 || die "install the kubectl-argo-rollouts plugin"
    change "${k[@]}" argo rollouts undo "$rollout" ${revision:+--to-revision="$revision"}
    [ "$dry_run" = yes ] || "${k[@]}" argo rollouts status "$rollout" --timeout "${timeout}s"
    return
  fi
  "${k[@]}" rollout history "deployment/$deployment"
  change "${k[@]}" rollout undo "deployment/$deployment" ${revision:+--to-revision="$revision"}
  [ "$dry_run" = no ] || return 0
  log "health gate: rollout status within ${timeout}s"
  "${k[@]}" rollout status "deployment/$deployment" --timeout "${timeout}s" \
    || die "the rolled-back release did not become available: see docs/operations.md"
  local want ready
  want=$("${k[@]}" get "deployment/$deployment" -o jsonpath='{.spec.replicas}')
  ready=$("${k[@]}" get "deployment/$deployment" -o jsonpath='{.status.readyReplicas}')
  [ "${ready:-0}" = "$want" ] || die "only ${ready:-0} of $want replicas are ready"
  # The image has no shell: the service's own binary is the probe, as in the Compose health check.
  "${k[@]}" exec "deployment/$deployment" -c agent -- \
    dotnet /app/Agentry.Api.dll --healthcheck http://127.0.0.1:8000/health/ready \
    || die "/health/ready does not answer inside the rolled-back pod"
  log "rolled back: $ready/$want replicas ready and healthy"
}

# The version a .env file pins (AGENTRY_VERSION=...).
pinned_version() { sed -n 's/^AGENTRY_VERSION=//p' "$env_file" | tail -n 1; }

rollback_compose() {
  local docker_dir
  docker_dir="$(cd "$here/.." && pwd)/docker"
  compose_file=${compose_file:-$docker_dir/docker-compose.yml}
  env_file=${env_file:-$(dirname "$compose_file")/.env}
  history=${history:-$(dirname "$compose_file")/.release-history}
  [ -f "$env_file" ] || die "no .env file at $env_file (copy .env.example and set AGENTRY_VERSION)"
  local current
  current=$(pinned_version)
  [ -n "$current" ] || die "$env_file pins no AGENTRY_VERSION"

  if [ "$record" = yes ]; then
    printf '%s %s\n' "$(utc_stamp)" "$current" >>"$history"
    log "recorded release $current in $history"
    return
  fi

  [ -f "$history" ] || die "no release history at $history: record each deploy with --record"
  # The newest recorded release that is not the running one and was never rolled back from.
  local previous
  previous=$(awk -v cur="$current" '
    $3 == "rollback-from" { bad[$4] = 1 }
    { seen[NR] = $2 }
    END { for (i = NR; i > 0; i--) if (seen[i] != cur && !(seen[i] in bad)) { print seen[i]; exit } }' "$history")
  [ -n "$previous" ] || die "the history holds no release to go back to from $current"
  if [ "$dry_run" = yes ]; then
    echo "would pin AGENTRY_VERSION=$previous in $env_file (now $current) and run up -d $service"
    return 0
  fi
  log "rolling back from $current to $previous"
  sed -i "s/^AGENTRY_VERSION=.*/AGENTRY_VERSION=$previous/" "$env_file"
  printf '%s %s rollback-from %s\n' "$(utc_stamp)" "$previous" "$current" >>"$history"

  local command container
  container=$(container_cmd) || exit 1
  command=$(compose_cmd) || exit 1
  local -a compose
  read -r -a compose <<<"$command"
  compose+=(-f "$compose_file" --env-file "$env_file")
  "${compose[@]}" up -d --no-deps "$service"
  log "health gate: waiting up to ${timeout}s for $service to be healthy"
  local id health deadline=$((SECONDS + timeout))
  id=$("${compose[@]}" ps -q "$service")
  until health=$("$container" inspect --format '{{.State.Health.Status}}' "$id") && [ "$health" = healthy ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$service is '$health' after ${timeout}s on $previous"
    sleep 2
  done
  log "rolled back to $previous: $service is healthy"
}

case "$target" in
  kubernetes) rollback_kubernetes ;;
  compose) rollback_compose ;;
  "") die "--target is required (see --help)" ;;
  *) die "--target must be kubernetes or compose, not '$target'" ;;
esac

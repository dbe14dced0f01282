# Where the Redis of a backup or restore runs, and how to reach inside it: a plain local redis-server
# (redis-cli and the file system), the Compose stack (docker exec and docker cp) or the Kubernetes
# StatefulSet (kubectl exec and kubectl cp). Sourced by redis-backup.sh and redis-restore.sh.
# shellcheck shell=bash

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

target=local
redis_host=127.0.0.1 redis_port=6379
compose_file="" compose_service=redis container=docker
k8s_namespace=production-agents k8s_pod=redis-0 k8s_container=redis

redis_target_help() {
  cat <<'USAGE'
Where Redis runs:
  --target local|compose|kubernetes   (default: local)
  local:       --host HOST (127.0.0.1) --port PORT (6379); a password is read from REDISCLI_AUTH
  compose:     --compose-file FILE (infrastructure/docker/docker-compose.yml) --service NAME (redis)
  kubernetes:  --namespace NS (production-agents) --pod POD (redis-0) --container NAME (redis);
               kubectl's current context is used
USAGE
}

# set_redis_target_option OPTION VALUE: true when OPTION is one of the target options above.
set_redis_target_option() {
  need_value "$1" "${2:-}"
  case "$1" in
    --target) target=$2 ;;
    --host) redis_host=$2 ;;
    --port) redis_port=$2 ;;
    --compose-file) compose_file=$2 ;;
    --service) compose_service=$2 ;;
    --namespace) k8s_namespace=$2 ;;
    --pod) k8s_pod=$2 ;;
    --container) k8s_container=$2 ;;
    *) return 1 ;;
  esac
}

check_redis_target() {
  case "$target" in
    local) require_cmd redis-cli "install Debian's redis-tools (apt-get install redis-tools)" ;;
    compose)
      container=$(container_cmd) || exit 1
      if [ -z "$compose_file" ]; then
        compose_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/docker/docker-compose.yml"
      fi
      [ -f "$compose_file" ] || die "no Compose file at $compose_file (use --compose-file)"
      local command
      command=$(compose_cmd) || exit 1
      read -r -a compose <<<"$command"
      compose+=(-f "$compose_file")
      ;;
    kubernetes) require_cmd kubectl "install kubectl and point its context at the cluster" ;;
    *) die "--target must be local, compose or kubernetes, not '$target'" ;;
  esac
}

# The Compose container of the Redis service (docker cp and podman cp need its id; Compose v1 has no cp of its own).
compose_container() {
  local id
  id=$("${compose[@]}" ps -q "$compose_service")
  [ -n "$id" ] || die "the Compose service '$compose_service' has no container (is the stack up?)"
  echo "$id"
}

# redis_exec COMMAND...: runs a command inside the Redis container (or here, for local).
redis_exec() {
  case "$target" in
    local) "$@" ;;
    compose) "${compose[@]}" exec -T "$compose_service" "$@" ;;
    kubernetes) kubectl -n "$k8s_namespace" exec "$k8s_pod" -c "$k8s_container" -- "$@" ;;
  esac
}

# rcli ARGS...: redis-cli against the target's Redis, output without carriage returns.
rcli() {
  if [ "$target" = local ]; then
    redis-cli -h "$redis_host" -p "$redis_port" "$@" | tr -d '\r'
  else
    redis_exec redis-cli "$@" | tr -d '\r'
  fi
}

# redis_config NAME: one configuration value (CONFIG GET answers the name, then the value).
redis_config() { rcli CONFIG GET "$1" | sed -n 2p; }

# redis_info FIELD: one field of INFO persistence.
redis_info() { rcli INFO persistence | sed -n "s/^$1://p"; }

# copy_out PATH_IN_REDIS DEST: copies a file or folder out of the Redis container.
copy_out() {
  case "$target" in
    local) cp -R -- "$1" "$2" ;;
    compose) "$container" cp "$(compose_container):$1" "$2" ;;
    kubernetes) kubectl -n "$k8s_namespace" cp -c "$k8s_container" "$k8s_pod:$1" "$2" ;;
  esac
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every half second.
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${seconds}s waiting for $what"
    sleep 0.5
  done
}

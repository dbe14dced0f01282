# Helpers shared by the operations scripts in this folder. Sourced, never run.
# shellcheck shell=bash

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# require_cmd COMMAND HINT: stops with what to install when COMMAND is missing.
require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"
}

# An option that takes a value must have one.
need_value() {
  [ -n "${2:-}" ] || die "$1 needs a value (see --help)"
}

# UTC time stamp used in every backup name; names sort in time order.
utc_stamp() { date -u +%Y%m%dT%H%M%SZ; }

# The container command of this machine: Docker's, or podman's (the same verbs: exec, cp, inspect).
container_cmd() {
  if command -v docker >/dev/null 2>&1; then
    echo docker
  elif command -v podman >/dev/null 2>&1; then
    echo podman
  else
    die "neither docker nor podman is installed: install Docker Engine with Compose (or podman with docker-compose)"
  fi
}

# The Compose command of this machine: Compose v2 (`docker compose`) or v1 (`docker-compose`).
compose_cmd() {
  if docker compose version >/dev/null 2>&1; then
    echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then
    echo "docker-compose"
  else
    die "neither 'docker compose' nor 'docker-compose' is installed"
  fi
}

# keep_newest DIR PREFIX KEEP: deletes all but the KEEP newest entries DIR/PREFIX* (names carry UTC stamps,
# so name order is time order). Partial backups (dot-prefixed) are never counted nor touched.
keep_newest() {
  local dir=$1 prefix=$2 keep=$3
  if ! [[ $keep =~ ^[1-9][0-9]*$ ]]; then
    die "--keep must be a whole number of at least 1, not '$keep'"
  fi
  [ -d "$dir" ] || return 0
  local -a entries=()
  mapfile -t entries < <(find "$dir" -mindepth 1 -maxdepth 1 -name "${prefix}*" ! -name '.*' -printf '%f\n' | LC_ALL=C sort -r)
  local i
  for ((i = keep; i < ${#entries[@]}; i++)); do
    log "retention: removing ${entries[i]} (keeping the $keep newest)"
    rm -rf -- "${dir:?}/${entries[i]}"
  done
}

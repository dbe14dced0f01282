#!/usr/bin/env bash
# Makes local stand-ins for the third-party images that the deployment assets name (the Dockerfile's FROM lines,
# the Compose file's and the Kubernetes base's image: lines), for machines that reach no container registry.
# Each stand-in is built from Debian bookworm (debootstrap, minbase) with Debian's packages and this machine's .NET,
# and tagged with the exact name the assets use, so `podman build`, `docker-compose up` and `podman kube play`
# run them unchanged. They are for tests only: never push them, never deploy them.
#
# Cached per machine: every image carries a key (a hash of its recipe, of this script, of the .NET on this machine
# and of its name) and is rebuilt only when the key changes. Images with no recipe here (Grafana, Loki, Promtail,
# Alloy: not in Debian, npm or NuGet) are listed as unavailable.
#
#   infrastructure/containers/build-stand-ins.sh           build what is missing or stale, print what is there
#   infrastructure/containers/build-stand-ins.sh --list    print every image name and its recipe, build nothing
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
base=localhost/agentry-stand-in/debian:bookworm
label=dev.agentry.stand-in.key
work=${AGENTRY_STAND_IN_WORK:-/var/tmp/agentry-stand-ins}

# The third-party images the assets name, one per line: FROM lines with a tag (build stages have none), and the
# literal image: lines that are not Agentry's own.
images() {
  {
    sed -n 's/^FROM[[:space:]]\{1,\}\([^[:space:]]*:[^[:space:]]*\).*/\1/p' "$root/infrastructure/docker/Dockerfile"
    cat "$root/infrastructure/docker/docker-compose.yml" "$root"/infrastructure/kubernetes/base/*.yaml \
      | sed -n 's/^[[:space:]]*image:[[:space:]]*\([^[:space:]$]*\)[[:space:]]*$/\1/p'
  } | grep -v '^agentry/' | sort -u
}

# image name -> recipe folder (and build argument), by repository; nothing for images that cannot be had here.
recipe() {
  case "$1" in
    mcr.microsoft.com/dotnet/sdk:*) echo "dotnet-sdk" ;;
    mcr.microsoft.com/dotnet/aspnet:*-chiseled-extra) echo "dotnet-aspnet-chiseled EXTRA=true" ;;
    mcr.microsoft.com/dotnet/aspnet:*-chiseled) echo "dotnet-aspnet-chiseled EXTRA=false" ;;
    mcr.microsoft.com/dotnet/aspnet:*) echo "dotnet-aspnet" ;;
    redis:*) echo "redis" ;;
    oliver006/redis_exporter:*) echo "redis-exporter" ;;
    prom/prometheus:*) echo "prometheus" ;;
    prom/alertmanager:*) echo "alertmanager" ;;
    *) echo "" ;;
  esac
}

# The name as a registry client resolves it (short Docker Hub names live under docker.io/library/).
qualified() {
  case "$1" in
    */*/*|*.*/*) echo "$1" ;;
    */*) echo "docker.io/$1" ;;
    *) echo "docker.io/library/$1" ;;
  esac
}

dotnet_root() { dirname "$(readlink -f "$(command -v dotnet)")"; }

key_of() {
  local name=$1 folder=$2
  {
    echo "$name"
    cat "$here/build-stand-ins.sh" "$here/runtime.sh" "$here/chisel.sh" "$here/$folder/Containerfile"
    ls "$(dotnet_root)/sdk" "$(dotnet_root)/shared/Microsoft.AspNetCore.App"
    cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true
  } | sha256sum | cut -c1-16
}

current_key() { podman image inspect --format "{{ index .Labels \"$label\" }}" "$1" 2>/dev/null || true; }

ensure_base() {
  local key
  key=$(echo "debootstrap --variant=minbase bookworm" | sha256sum | cut -c1-16)
  if [ "$(current_key "$base")" = "$key" ]; then return; fi
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap"; exit 1; }
  echo "stand-ins: debootstrap bookworm (minbase) ..."
  rm -rf "$work/rootfs" && mkdir -p "$work"
  debootstrap --variant=minbase bookworm "$work/rootfs" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log"; exit 1; }
  rm -rf "$work/rootfs/var/cache/apt/archives"/*.deb "$work/rootfs/var/lib/apt/lists"/*
  tar -C "$work/rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' --change "LABEL $label=$key" - "$base" >/dev/null
  rm -rf "$work/rootfs"
}

build() {
  local name=$1 folder=$2 arg=$3 key context
  key=$(key_of "$name" "$folder")
  if [ "$(current_key "$(qualified "$name")")" = "$key" ]; then echo "stand-in up to date: $name"; return; fi
  ensure_base
  context=$(mktemp -d "${TMPDIR:-/tmp}/stand-in.XXXXXX")
  cp "$here/$folder/Containerfile" "$here/runtime.sh" "$here/chisel.sh" "$context/"
  mkdir "$context/local-ca"
  cp /usr/local/share/ca-certificates/*.crt "$context/local-ca/" 2>/dev/null || true
  echo "stand-ins: building $name from $folder ..."
  local args=(--pull=never --format docker --network host --label "$label=$key" --build-arg "BASE=$base"
    --volume "$(dotnet_root):/opt/host-dotnet:ro" -t "$(qualified "$name")" -f "$context/Containerfile")
  [ -n "$arg" ] && args+=(--build-arg "$arg")
  if ! podman build "${args[@]}" "$context" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log"; rm -rf "$context"; exit 1
  fi
  rm -rf "$context"
}

command -v podman >/dev/null || { echo "podman is missing: apt-get install podman runc"; exit 1; }
mkdir -p "$work"
missing=()
while read -r name; do
  read -r folder arg <<<"$(recipe "$name")"
  if [ "${1:-}" = "--list" ]; then printf '%s\t%s\n' "$name" "${folder:-unavailable here}"; continue; fi
  if [ -z "$folder" ]; then missing+=("$name"); continue; fi
  build "$name" "$folder" "${arg:-}"
done < <(images)
[ "${1:-}" = "--list" ] && exit 0
[ ${#missing[@]} -eq 0 ] || echo "stand-ins: no recipe (cannot be had here): ${missing[*]}"

#!/usr/bin/env bash
# Backs up Prometheus' TSDB through its admin API: a snapshot (hard links, taken in a moment), copied out as a
# tar.gz, then deleted from the server. Keeps the newest N archives.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: prometheus-snapshot.sh [--target local|compose|kubernetes] [options] [--output DIR] [--keep N]

Calls POST /api/v1/admin/tsdb/snapshot, copies the snapshot out as DIR/prometheus-<UTC time>.tar.gz,
removes it from the server, and deletes all but the N newest archives. Prometheus must run with
--web.enable-admin-api (kube-prometheus-stack: prometheus.prometheusSpec.enableAdminAPI: true).

  --output DIR          where archives go (default: ./backups/prometheus)
  --keep N              archives to keep (default: 7)
  -h, --help            this text

Where Prometheus runs:
  --target local|compose|kubernetes   (default: local)
  local:       --url URL (http://127.0.0.1:9090) --data-dir DIR (its --storage.tsdb.path; required)
  compose:     --compose-file FILE (infrastructure/docker/docker-compose.yml) --service NAME (prometheus)
  kubernetes:  --namespace NS (monitoring) --pod POD (default: the first pod labelled
               app.kubernetes.io/name=prometheus) --container NAME (prometheus)
In a container the TSDB is /prometheus (the Compose file's and kube-prometheus-stack's path).
USAGE
}

target=local url=http://127.0.0.1:9090 data_dir="" output=./backups/prometheus keep=7
compose_file="" service=prometheus namespace=monitoring pod="" container=prometheus
while [ $# -gt 0 ]; do
  [ "$1" = -h ] || [ "$1" = --help ] && { usage; exit 0; }
  need_value "$1" "${2:-}"
  case "$1" in
    --target) target=$2 ;;
    --url) url=$2 ;;
    --data-dir) data_dir=$2 ;;
    --output) output=$2 ;;
    --keep) keep=$2 ;;
    --compose-file) compose_file=$2 ;;
    --service) service=$2 ;;
    --namespace) namespace=$2 ;;
    --pod) pod=$2 ;;
    --container) container=$2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift 2
done

snapshot_api=/api/v1/admin/tsdb/snapshot
case "$target" in
  local)
    require_cmd curl "install Debian's curl"
    [ -n "$data_dir" ] || die "--data-dir is required for a local snapshot (Prometheus' --storage.tsdb.path)"
    tsdb=$data_dir
    in_prometheus() { "$@"; }
    take_snapshot() { curl -sS -X POST "${url%/}$snapshot_api"; }
    copy_out() { cp -R -- "$1" "$2"; }
    ;;
  compose)
    container=$(container_cmd) || exit 1
    compose_file=${compose_file:-"$(cd "$here/.." && pwd)/docker/docker-compose.yml"}
    command=$(compose_cmd) || exit 1
    read -r -a compose <<<"$command"
    compose+=(-f "$compose_file")
    tsdb=/prometheus
    in_prometheus() { "${compose[@]}" exec -T "$service" "$@"; }
    take_snapshot() { in_prometheus wget -qO- --post-data= "http://127.0.0.1:9090$snapshot_api"; }
    copy_out() { "$container" cp "$("${compose[@]}" ps -q "$service"):$1" "$2"; }
    ;;
  kubernetes)
    require_cmd kubectl "install kubectl and point its context at the cluster"
    if [ -z "$pod" ]; then
      pod=$(kubectl -n "$namespace" get pods -l app.kubernetes.io/name=prometheus -o jsonpath='{.items[0].metadata.name}')
      [ -n "$pod" ] || die "no pod labelled app.kubernetes.io/name=prometheus in $namespace (use --pod)"
    fi
    tsdb=/prometheus
    in_prometheus() { kubectl -n "$namespace" exec "$pod" -c "$container" -- "$@"; }
    take_snapshot() { in_prometheus wget -qO- --post-data= "http://127.0.0.1:9090$snapshot_api"; }
    copy_out() { kubectl -n "$namespace" cp -c "$container" "$pod:$1" "$2"; }
    ;;
  *) die "--target must be local, compose or kubernetes, not '$target'" ;;
esac

log "asking $target Prometheus for a TSDB snapshot"
answer=$(take_snapshot) || die "the snapshot call failed: is --web.enable-admin-api set? ($answer)"
name=$(sed -n 's/.*"name":"\([^"]*\)".*/\1/p' <<<"$answer")
[ -n "$name" ] || die "Prometheus answered no snapshot name (is --web.enable-admin-api set?): $answer"

mkdir -p "$output"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy_out "$tsdb/snapshots/$name" "$work/$name"
in_prometheus rm -rf "$tsdb/snapshots/$name"

archive="$output/prometheus-$(utc_stamp).tar.gz"
tar -C "$work" -czf "$output/.partial.tar.gz" "$name"
mv "$output/.partial.tar.gz" "$archive"
log "snapshot $name written to $archive ($(du -h "$archive" | cut -f1))"
keep_newest "$output" prometheus- "$keep"
echo "$archive"

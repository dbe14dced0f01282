#!/usr/bin/env bash
# Restores a Redis backup made by redis-backup.sh (or a single RDB file, such as the Kubernetes CronJob's).
# The data Redis had is kept beside the restored data in <dir>/pre-restore-<UTC time>/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/redis-target.sh
. "$here/lib/redis-target.sh"

usage() {
  cat <<'USAGE'
Usage: redis-restore.sh --from BACKUP [--source rdb|aof] [--target local|compose|kubernetes] [target options] --yes

Replaces the data of a Redis with a backup. Everything written since the backup is lost, so it asks
for --yes. BACKUP is a folder written by redis-backup.sh (redis-<UTC time>/) or a single .rdb file.

  --from BACKUP    the backup to restore (required)
  --source rdb     load the backup's RDB snapshot, consistent at one instant (default; works whether
                   Redis runs with AOF or not: the RDB also becomes the base of a new appendonlydir)
  --source aof     load the backup's copied appendonlydir instead (a few writes newer than the RDB)
  --data-dir DIR   local only: the stopped server's data folder (its `dir` setting)
  --timeout S      longest wait for Redis to come back, in seconds (default: 300)
  --yes            confirm that the current data is to be replaced
  -h, --help       this text

How each target is restored:
  local        Redis must be stopped first (systemctl stop redis-server); the files are put in
               --data-dir; start Redis again afterwards.
  compose      the Redis service is stopped, a one-off container of the same service (same volume)
               puts the files in place, and the service is started again.
  kubernetes   the files are copied into the pod's volume, put in place, and Redis is shut down
               without saving; the kubelet restarts the container, which loads them.

USAGE
  redis_target_help
}

from="" source=rdb data_dir="" timeout=300 confirmed=no
while [ $# -gt 0 ]; do
  case "$1" in
    --from) need_value "$1" "${2:-}"; from=$2; shift 2 ;;
    --source) need_value "$1" "${2:-}"; source=$2; shift 2 ;;
    --data-dir) need_value "$1" "${2:-}"; data_dir=$2; shift 2 ;;
    --timeout) need_value "$1" "${2:-}"; timeout=$2; shift 2 ;;
    --yes) confirmed=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    *) set_redis_target_option "$1" "${2:-}" || die "unknown argument '$1' (see --help)"; shift 2 ;;
  esac
done
[ -n "$from" ] || die "--from is required (see --help)"
[ -e "$from" ] || die "$from does not exist"
[ "$source" = rdb ] || [ "$source" = aof ] || die "--source must be rdb or aof, not '$source'"
[ "$confirmed" = yes ] || die "a restore replaces the current data: add --yes to go ahead"
check_redis_target
swap_script="$here/lib/redis-swap-data.sh"

# A single RDB file is staged as a backup folder of its own.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
if [ -f "$from" ]; then
  [ "$source" = rdb ] || die "a single RDB file can only be restored with --source rdb"
  cp "$from" "$staging/dump.rdb"
  from=$staging
fi
from=$(cd "$from" && pwd)

# The file names the backup was made with (redis-backup.info), else Redis' defaults.
info_value() { sed -n "s/^$1=//p" "$from/redis-backup.info" 2>/dev/null | head -n 1; }
dbfilename=$(info_value dbfilename)
appenddirname=$(info_value appenddirname)
appendfilename=$(info_value appendfilename)
names=("${dbfilename:-dump.rdb}" "${appenddirname:-appendonlydir}" "${appendfilename:-appendonly.aof}")
[ -f "$from/${names[0]}" ] || die "$from has no ${names[0]}: not a Redis backup"

redis_answers() { [ "$(rcli PING 2>/dev/null)" = PONG ]; }

case "$target" in
  local)
    [ -n "$data_dir" ] || die "--data-dir is required for a local restore (the server's 'dir' setting)"
    if redis_answers; then
      die "Redis on $redis_host:$redis_port is running: stop it first (it would overwrite the restored files)"
    fi
    sh "$swap_script" "$from" "$data_dir" "$source" "${names[@]}"
    log "restored into $data_dir: start Redis now"
    ;;
  compose)
    log "stopping the Compose service $compose_service"
    "${compose[@]}" stop "$compose_service"
    "${compose[@]}" run --rm --no-deps -T -v "$from:/restore:ro" --entrypoint sh "$compose_service" \
      -s -- /restore /data "$source" "${names[@]}" <"$swap_script"
    "${compose[@]}" start "$compose_service"
    wait_until "$timeout" "Redis to answer again" redis_answers
    log "Redis is back with $(rcli DBSIZE) keys"
    ;;
  kubernetes)
    dir=$(redis_config dir)
    stage="$dir/.restore-$(utc_stamp)"
    log "copying the backup into $k8s_namespace/$k8s_pod:$stage"
    kubectl -n "$k8s_namespace" cp -c "$k8s_container" "$from" "$k8s_pod:$stage"
    # No snapshot or AOF rewrite may write into the folder between the swap and the shutdown.
    rcli CONFIG SET save "" >/dev/null
    rcli CONFIG SET auto-aof-rewrite-percentage 0 >/dev/null
    wait_until "$timeout" "running snapshots to finish" \
      test "$(redis_info rdb_bgsave_in_progress)$(redis_info aof_rewrite_in_progress)" = 00
    kubectl -n "$k8s_namespace" exec -i "$k8s_pod" -c "$k8s_container" -- \
      sh -s -- "$stage" "$dir" "$source" "${names[@]}" <"$swap_script"
    redis_exec rm -rf "$stage"
    restarts() {
      kubectl -n "$k8s_namespace" get pod "$k8s_pod" \
        -o jsonpath="{.status.containerStatuses[?(@.name==\"$k8s_container\")].restartCount}"
    }
    before=$(restarts)
    log "shutting Redis down without saving; the kubelet restarts it on the restored files"
    rcli SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    restarted() { [ "$(restarts)" -gt "$before" ]; }
    wait_until "$timeout" "the Redis container to restart" restarted
    kubectl -n "$k8s_namespace" wait --for=condition=Ready "pod/$k8s_pod" --timeout="${timeout}s"
    log "Redis is back with $(rcli DBSIZE) keys"
    ;;
esac

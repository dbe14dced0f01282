#!/usr/bin/env bash
# Backs up Redis: BGSAVE, wait for it, copy the RDB snapshot and the append-only folder out, then keep the
# newest N backups.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/redis-target.sh
. "$here/lib/redis-target.sh"

usage() {
  cat <<'USAGE'
Usage: redis-backup.sh [--target local|compose|kubernetes] [target options] [--output DIR] [--keep N]

Asks Redis for a fresh RDB snapshot (BGSAVE), waits until it is written, and copies it and the
append-only folder (Redis 7: appendonlydir) into DIR/redis-<UTC time>/, with a redis-backup.info
file describing them. Then deletes all but the N newest backups in DIR.

  --output DIR     where backups go (default: ./backups/redis)
  --keep N         backups to keep in DIR (default: 7)
  --timeout S      longest wait for the snapshot, in seconds (default: 300)
  -h, --help       this text

USAGE
  redis_target_help
}

output=./backups/redis keep=7 timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --output) need_value "$1" "${2:-}"; output=$2; shift 2 ;;
    --keep) need_value "$1" "${2:-}"; keep=$2; shift 2 ;;
    --timeout) need_value "$1" "${2:-}"; timeout=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) set_redis_target_option "$1" "${2:-}" || die "unknown argument '$1' (see --help)"; shift 2 ;;
  esac
done
check_redis_target

[ "$(rcli PING)" = PONG ] || die "Redis ($target) does not answer PING"

# rdb_saves counts snapshots since start (Redis 7); LASTSAVE (whole seconds) is the fallback.
saves_before=$(redis_info rdb_saves)
lastsave_before=$(rcli LASTSAVE)
snapshot_done() {
  [ "$(redis_info rdb_bgsave_in_progress)" = 0 ] || return 1
  if [ -n "$saves_before" ]; then
    [ "$(redis_info rdb_saves)" -gt "$saves_before" ]
  else
    [ "$(rcli LASTSAVE)" -gt "$lastsave_before" ]
  fi
}
# SCHEDULE: when an AOF rewrite is running, the snapshot starts right after it instead of failing.
log "BGSAVE on $target Redis"
answer=$(rcli BGSAVE SCHEDULE)
case "$answer" in
  *"started"* | *"scheduled"* | *"already in progress"*) ;;
  *) die "BGSAVE failed: $answer" ;;
esac
wait_until "$timeout" "BGSAVE to finish" snapshot_done
[ "$(redis_info rdb_last_bgsave_status)" = ok ] || die "the snapshot failed: see the Redis log"

dir=$(redis_config dir)
dbfilename=$(redis_config dbfilename)
appendonly=$(redis_config appendonly)
appenddirname=$(redis_config appenddirname)
appendfilename=$(redis_config appendfilename)
if [ -z "$dir" ] || [ -z "$dbfilename" ]; then
  die "CONFIG GET dir/dbfilename answered nothing (is CONFIG renamed?)"
fi

mkdir -p "$output"
stamp=$(utc_stamp)
# Names are per second: a second backup within the same second waits for the next one.
while [ -e "$output/redis-$stamp" ]; do
  sleep 1
  stamp=$(utc_stamp)
done
partial="$output/.redis-$stamp.partial"
final="$output/redis-$stamp"
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

copy_out "$dir/$dbfilename" "$partial/$dbfilename"
log "copied $dbfilename ($(wc -c <"$partial/$dbfilename") bytes)"

if [ "$appendonly" = yes ] && [ -n "$appenddirname" ]; then
  # The folder is consistent between two rewrites: copy it while none runs and its manifest stays the same.
  manifest="$dir/$appenddirname/$appendfilename.manifest"
  for attempt in 1 2 3; do
    wait_until "$timeout" "the AOF rewrite to finish" test "$(redis_info aof_rewrite_in_progress)" = 0
    before=$(redis_exec cat "$manifest")
    rm -rf "${partial:?}/$appenddirname"
    copy_out "$dir/$appenddirname" "$partial/$appenddirname"
    after=$(redis_exec cat "$manifest")
    [ "$before" != "$after" ] || break
    [ "$attempt" -lt 3 ] || die "the AOF was rewritten during three copies in a row; try again later"
    log "the AOF was rewritten while copying; copying again"
  done
  log "copied $appenddirname/"
fi

{
  echo "created=$stamp"
  echo "target=$target"
  echo "redis_version=$(rcli INFO server | sed -n 's/^redis_version://p')"
  echo "keys_after_snapshot=$(rcli DBSIZE)"
  echo "dbfilename=$dbfilename"
  echo "appendonly=$appendonly"
  echo "appenddirname=$appenddirname"
  echo "appendfilename=$appendfilename"
  if command -v sha256sum >/dev/null 2>&1; then
    echo "rdb_sha256=$(sha256sum "$partial/$dbfilename" | cut -d' ' -f1)"
  fi
} >"$partial/redis-backup.info"

mv "$partial" "$final"
trap - EXIT
log "backup written to $final"
keep_newest "$output" redis- "$keep"
echo "$final"

#!/bin/sh
# Puts a backup in place of a stopped (or about to stop) Redis's data: moves the current RDB and append-only
# folder aside into DATA/pre-restore-<UTC time>/, then writes the backup's. POSIX sh, so it runs as well in
# the redis:alpine image (fed on stdin to `sh -s`) as here.
#
#   sh redis-swap-data.sh BACKUP_DIR DATA_DIR rdb|aof [DBFILENAME] [APPENDDIRNAME] [APPENDFILENAME]
#
# rdb: the backup's RDB snapshot (consistent at one instant) is loaded whether the server runs with AOF or
#      not: it becomes dump.rdb and also the base of a new append-only folder (Redis 7 multi-part AOF takes an
#      RDB file as its base).
# aof: the backup's copied append-only folder, as it was when copied (a few writes newer than the RDB).
set -eu

src=$1
data=$2
source=$3
db=${4:-dump.rdb}
aofdir=${5:-appendonlydir}
aofname=${6:-appendonly.aof}

fail() {
  echo "error: $*" >&2
  exit 1
}

[ -f "$src/$db" ] || fail "$src/$db does not exist: not a Redis backup folder"
[ -d "$data" ] || fail "the Redis data folder $data does not exist"
case "$source" in
  rdb) ;;
  aof) [ -f "$src/$aofdir/$aofname.manifest" ] || fail "the backup has no append-only folder ($src/$aofdir); restore with --source rdb" ;;
  *) fail "source must be rdb or aof, not '$source'" ;;
esac

aside="$data/pre-restore-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$aside"
if [ -e "$data/$db" ]; then mv "$data/$db" "$aside/"; fi
if [ -e "$data/$aofdir" ]; then mv "$data/$aofdir" "$aside/"; fi

cp "$src/$db" "$data/.$db.restoring"
mv "$data/.$db.restoring" "$data/$db"
if [ "$source" = aof ]; then
  cp -R "$src/$aofdir" "$data/.$aofdir.restoring"
else
  mkdir "$data/.$aofdir.restoring"
  cp "$src/$db" "$data/.$aofdir.restoring/$aofname.1.base.rdb"
  printf 'file %s seq 1 type b\n' "$aofname.1.base.rdb" >"$data/.$aofdir.restoring/$aofname.manifest"
fi
mv "$data/.$aofdir.restoring" "$data/$aofdir"
echo "restored $source from $src into $data; the previous data is in $aside"

#!/usr/bin/env bash
# Keeps the N newest backups in a folder and deletes the rest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: backup-retention.sh --dir DIR [--prefix PREFIX] [--keep N]

Deletes all but the N newest entries named PREFIX* in DIR. Backup names carry a UTC time stamp
(redis-20260101T031700Z, prometheus-20260101T031700Z.tar.gz), so name order is time order.
Entries being written (names starting with a dot) are never touched.

  --dir DIR        folder holding the backups (required)
  --prefix PREFIX  only entries whose names start with PREFIX (default: every entry)
  --keep N         how many of the newest to keep (default: 7)
  -h, --help       this text
USAGE
}

dir="" prefix="" keep=7
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) need_value "$1" "${2:-}"; dir=$2; shift 2 ;;
    --prefix) need_value "$1" "${2:-}"; prefix=$2; shift 2 ;;
    --keep) need_value "$1" "${2:-}"; keep=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[ -n "$dir" ] || die "--dir is required (see --help)"
[ -d "$dir" ] || die "$dir is not a folder"
keep_newest "$dir" "$prefix" "$keep"

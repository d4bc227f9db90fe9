#!/usr/bin/env bash
# Durability benchmark: write-ahead-log acknowledged appends/s with batch fsync (many concurrent
# appenders), replay records/s, and snapshot write/load time, on real files with real fsync.
# There is no Python peer for the storage engine, so the peer column is the issue's aim.
# Needs .build/release/pulse (swift build -c release). Environment knobs:
#   RECORDS (200000)  CONCURRENCY (1000)  PAYLOAD_BYTES (200)  REPLAY_RECORDS (1000000)
#   SNAPSHOT_MIB (64)  BENCH_DIR (scratch directory, default under $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
PULSE=.build/release/pulse
[ -x "$PULSE" ] || { echo "missing $PULSE: run 'swift build -c release' first" >&2; exit 1; }

DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/pulse-bench-durability-$$}"
echo "bench-wal in $DIR (records=${RECORDS:-200000}, concurrency=${CONCURRENCY:-1000})" >&2
OUT=$("$PULSE" bench-wal --dir "$DIR" \
  --records "${RECORDS:-200000}" --concurrency "${CONCURRENCY:-1000}" \
  --payload-bytes "${PAYLOAD_BYTES:-200}" --replay-records "${REPLAY_RECORDS:-1000000}" \
  --snapshot-mib "${SNAPSHOT_MIB:-64}" --fsync batch)
echo "$OUT" >&2
value() { echo "$OUT" | awk -v k="$1" '$1 == k { print $2 }'; }

row() { # figure, value, aim, higher-is-better(1)/lower(0)
  awk -v f="$1" -v v="$2" -v a="$3" -v up="$4" 'BEGIN {
    r = (up == 1) ? v / a : a / v
    printf "| %s | %s | aim %s | %.2f |\n", f, v, a, r }'
}
row "WAL acks/s (batch fsync, ${CONCURRENCY:-1000} appenders, ${PAYLOAD_BYTES:-200} B)" "$(value append_records_per_second)" 100000 1
echo "| WAL records per fsync (batch) | $(value append_records_per_fsync) | n/a | n/a |"
NEVER=$("$PULSE" bench-wal --dir "$DIR-never" --records "${RECORDS:-200000}" --concurrency "${CONCURRENCY:-1000}" \
  --payload-bytes "${PAYLOAD_BYTES:-200}" --replay-records 0 --snapshot-mib 0 --fsync never)
echo "$NEVER" >&2
echo "| WAL acks/s (fsync never: CPU ceiling of the append path) | $(echo "$NEVER" | awk '$1 == "append_records_per_second" { print $2 }') | n/a | n/a |"
row "WAL replay records/s (${PAYLOAD_BYTES:-200} B)" "$(value replay_records_per_second)" 500000 1
if [ "${SNAPSHOT_MIB:-64}" != 0 ]; then
  printf "| snapshot write %s MiB, s (fsync+rename) | %.3f | n/a | n/a |\n" "${SNAPSHOT_MIB:-64}" "$(value snapshot_write_seconds)"
  printf "| snapshot load+verify %s MiB, s | %.3f | n/a | n/a |\n" "${SNAPSHOT_MIB:-64}" "$(value snapshot_load_seconds)"
fi

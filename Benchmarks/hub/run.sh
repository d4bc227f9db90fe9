#!/usr/bin/env bash
# Ingest through POST /api/posts with wrk: single-post requests and 500-post batches.
# Prints table rows: figure | Pulse | aim | ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release/pulse
data=$(mktemp -d)
log=$(mktemp)
$bin serve --port 0 --data-dir "$data" 2> "$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$log"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.05; done
port=$(grep -o 'listening on http://[^ ]*' "$log" | sed 's/.*://')
url=http://127.0.0.1:$port
ratio() { python3 -c "print(f'{$1/$2:.2f}x')"; }

single=$(wrk -t2 -c32 -d8s --latency -s Benchmarks/hub/post-one.lua "$url" | tee /dev/stderr | awk '/Requests\/sec/ {print int($2)}')
echo "| ingest, 1-post requests (req/s, no WAL fsync yet) | $single | aim 20000 | $(ratio "$single" 20000) |"
batches=$(wrk -t2 -c8 -d8s -s Benchmarks/hub/post-batch.lua "$url" | tee /dev/stderr | awk '/Requests\/sec/ {print $2}')
posts=$(python3 -c "print(int($batches * 500))")
echo "| ingest, 500-post requests (posts/s, no WAL fsync yet) | $posts | aim 100000 | $(ratio "$posts" 100000) |"

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

# Fan-out: 1,000 subscribers, one probe post per 200 ms tick (5 deltas/s), 10 s.
server_pid=$pid
cpu_before=$(awk '{print $14+$15}' /proc/$server_pid/stat)
fanout=$(.build/release/pulse-loadgen --port "$port" --subscribers 1000 --seconds 10 --rate 5)
cpu_after=$(awk '{print $14+$15}' /proc/$server_pid/stat)
echo "$fanout" >&2
read -r rate p50 p99 <<< "$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); print(int(r['deliveries_per_second']), round(r['p50_ms'],1), round(r['p99_ms'],1))" "$fanout")"
cpu=$(python3 -c "print(round(($cpu_after - $cpu_before) / $(getconf CLK_TCK) / 10 * 100, 1))")
echo "| fan-out to 1,000 subscribers at 5 deltas/s (deliveries/s) | $rate | aim 5000 | $(ratio "$rate" 5000) |"
echo "| fan-out latency ack to arrival, p50 / p99 (ms, 200 ms tick) | $p50 / $p99 | - | - |"
echo "| fan-out server CPU (% of one core) | $cpu | - | - |"

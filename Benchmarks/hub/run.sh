#!/usr/bin/env bash
# Ingest through POST /api/posts with wrk: single-post requests and 500-post batches.
# Prints table rows: figure | Pulse | aim | ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 65536 2>/dev/null || echo "could not raise ulimit -n; fan-out may be limited" >&2
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

# Durable: every 202 waits for the WAL's group-commit fsync (--fsync batch), so throughput needs
# concurrency: 256 keep-alive connections for single posts (webhooks from many sources).
single_out=$(wrk -t2 -c256 -d8s --latency -s Benchmarks/hub/post-one.lua "$url" | tee /dev/stderr)
single=$(awk '/Requests\/sec/ {print int($2)}' <<< "$single_out")
p50=$(awk '$1 == "50%" {print $2}' <<< "$single_out"); p99=$(awk '$1 == "99%" {print $2}' <<< "$single_out")
echo "| ingest, 1-post requests, durable (req/s; 256 connections; p50 $p50, p99 $p99) | $single | aim 20000 | $(ratio "$single" 20000) |"
batch_out=$(wrk -t2 -c8 -d8s --latency -s Benchmarks/hub/post-batch.lua "$url" | tee /dev/stderr)
batches=$(awk '/Requests\/sec/ {print $2}' <<< "$batch_out")
p50=$(awk '$1 == "50%" {print $2}' <<< "$batch_out"); p99=$(awk '$1 == "99%" {print $2}' <<< "$batch_out")
posts=$(python3 -c "print(int($batches * 500))")
echo "| ingest, 500-post requests, durable (posts/s; 8 connections; p50 $p50, p99 $p99) | $posts | aim 100000 | $(ratio "$posts" 100000) |"

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

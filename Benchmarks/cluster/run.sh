#!/usr/bin/env bash
# Cluster benchmark, next to a single node on its WAL in the same run (the peer column):
#   1. durable ingest of 500-post batches (wrk, Benchmarks/hub/post-batch.lua) into a cluster of
#      1 and of 3 nodes on one real redis-server (appendonly yes, appendfsync always: a 202 means
#      fsynced by Redis, as --fsync batch means fsynced by the WAL), batches spread over the nodes;
#   2. catch-up of a fresh node that replays the whole stream (entries/s and posts/s), against the
#      single node recovering the same posts from its WAL;
#   3. fan-out with SUBSCRIBERS spread over 3 nodes (pulse-loadgen on each node, deliveries/s),
#      against the same subscribers on the single node.
# Needs .build/release/{pulse,pulse-loadgen}, redis-server, wrk. Knobs: WRK_SECONDS (10),
# CLUSTER_SUBSCRIBERS (3000), FANOUT_SECONDS (10).
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/.build/release/pulse
loadgen=$PWD/.build/release/pulse-loadgen
WRK_SECONDS=${WRK_SECONDS:-10}
SUBSCRIBERS=${CLUSTER_SUBSCRIBERS:-3000}
FANOUT_SECONDS=${FANOUT_SECONDS:-10}
[ -x "$bin" ] && [ -x "$loadgen" ] || { echo "missing $bin or $loadgen: run 'swift build -c release'" >&2; exit 1; }
command -v redis-server > /dev/null && command -v wrk > /dev/null || { echo "needs redis-server and wrk" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pulse-bench-cluster.XXXXXX")
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
wait_200() { # url seconds
  local deadline=$(( $(date +%s) + $2 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no 200 from $1 in $2 s" >&2; return 1; }
    sleep 0.01
  done
}
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v k="$2" '$1 == k { printf "%d", $2 }'; }
# wrk on each url in parallel (connections split); prints the summed requests/s and non-2xx.
wrk_all() {
  local index=0 url clients=()
  for url in "$@"; do
    wrk -t1 -c$(( 8 / $# > 2 ? 8 / $# : 2 )) -d"${WRK_SECONDS}s" --timeout 10s -s Benchmarks/hub/post-batch.lua "$url" -- "w$index-$RANDOM-" \
      > "$work/wrk.$index" 2>&1 &
    clients+=($!)
    index=$((index + 1))
  done
  wait "${clients[@]}"
  cat "$work"/wrk.* >&2
  python3 - "$work"/wrk.* <<'PY'
import re, sys
rate = bad = 0
for name in sys.argv[1:]:
    text = open(name).read()
    rate += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    bad += int(found.group(1)) if found else 0
print(rate * 500, bad)
PY
  rm -f "$work"/wrk.*
}
row() { # figure pulse peer higher-is-better(1)/lower(0)
  python3 -c "import sys; f,v,p,up=sys.argv[1:]; v,p=float(v),float(p); print(f'| {f} | {v:,.0f} | {p:,.0f} | {(v/p if up==\"1\" else p/v):.2f} |')" "$@"
}

redis_port=$(free_port)
mkdir -p "$work/redis"
redis-server --port "$redis_port" --dir "$work/redis" --appendonly yes --appendfsync always --save "" \
  > "$work/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG; do sleep 0.05; done
start_node() { # name port cluster-name extra...
  local name=$1 port=$2 cluster=$3; shift 3
  "$bin" serve --port "$port" --threads 1 --data-dir "$work/$cluster-$name" --snapshot-interval 86400 \
    --cluster "redis://127.0.0.1:$redis_port" --cluster-name "$cluster" --node "$name" "$@" >> "$work/$cluster-$name.log" 2>&1 &
  pids+=($!)
  echo $!
}

# ---- single node on its WAL (the peer) ----
single_port=$(free_port)
"$bin" serve --port "$single_port" --data-dir "$work/single" --fsync batch >> "$work/single.log" 2>&1 &
single=$!; pids+=($single)
wait_200 "http://127.0.0.1:$single_port/readyz" 60
echo "cluster bench: single node on its WAL" >&2
WRK_SECONDS=2 wrk_all "http://127.0.0.1:$single_port/api/posts" > /dev/null
read -r single_rate single_bad <<< "$(wrk_all "http://127.0.0.1:$single_port/api/posts")"
single_posts=$(curl -s "http://127.0.0.1:$single_port/api/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stats"]["total"])')

# ---- 1 node, then 3 nodes ----
echo "cluster bench: 1 node" >&2
one_port=$(free_port)
start_node a "$one_port" one > /dev/null
wait_200 "http://127.0.0.1:$one_port/readyz" 60
WRK_SECONDS=2 wrk_all "http://127.0.0.1:$one_port/api/posts" > /dev/null  # warm-up: the model entry, first allocations
read -r one_rate one_bad <<< "$(wrk_all "http://127.0.0.1:$one_port/api/posts")"
echo "cluster bench: 3 nodes" >&2
ports=($(free_port) $(free_port) $(free_port))
for index in 0 1 2; do start_node "n$index" "${ports[$index]}" three > /dev/null; done
for port in "${ports[@]}"; do wait_200 "http://127.0.0.1:$port/readyz" 60; done
WRK_SECONDS=2 wrk_all "${ports[@]/#/http://127.0.0.1:}" > /dev/null
read -r three_rate three_bad <<< "$(wrk_all "${ports[@]/#/http://127.0.0.1:}")"
[ "$one_bad" = 0 ] && [ "$three_bad" = 0 ] && [ "$single_bad" = 0 ] || echo "WARNING: non-2xx answers: $single_bad / $one_bad / $three_bad" >&2
row "cluster ingest, 1 node on Redis (appendfsync always), 500-post batches (posts/s; peer: single node, WAL fsync batch)" \
  "$one_rate" "$single_rate" 1
row "cluster ingest, 3 nodes on one Redis, batches spread over them (posts/s; peer: single node)" "$three_rate" "$single_rate" 1

# ---- catch-up of a fresh node vs the single node's WAL recovery ----
entries=$(redis-cli -p "$redis_port" xlen 'pulse:{three}:log')
posts=$(curl -s "http://127.0.0.1:${ports[0]}/api/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stats"]["total"])')
fresh_port=$(free_port)
started=$(now)
start_node fresh "$fresh_port" three > /dev/null
wait_200 "http://127.0.0.1:$fresh_port/readyz" 600
catchup_seconds=$(calc "$(now) - $started")
kill -9 "$single" 2>/dev/null; wait "$single" 2>/dev/null
started=$(now)
"$bin" serve --port "$single_port" --data-dir "$work/single" --fsync batch >> "$work/single.log" 2>&1 &
single=$!; pids+=($single)
wait_200 "http://127.0.0.1:$single_port/readyz" 600
recover_seconds=$(calc "$(now) - $started")
echo "catch-up: $entries entries ($posts posts) in $catchup_seconds s; single node recovered $single_posts posts in $recover_seconds s" >&2
echo "| cluster catch-up of a fresh node, $entries entries from the stream (entries/s) | $(calc "round($entries / $catchup_seconds)") | - | - |"
row "cluster catch-up of a fresh node, $posts posts, process start to ready (posts/s; peer: single node WAL recovery, start to ready)" \
  "$(calc "$posts / $catchup_seconds")" "$(calc "$single_posts / $recover_seconds")" 1

# ---- fan-out: SUBSCRIBERS over 3 nodes vs on the single node ----
fanout() { # port post-port subscribers rate -> deliveries/s (in $work/lg.PORT.json)
  timeout $((FANOUT_SECONDS + 120)) "$loadgen" --port "$1" --post-port "$2" --subscribers "$3" --seconds "$FANOUT_SECONDS" \
    --rate "$4" > "$work/lg.$1.json" 2> "$work/lg.$1.err"
}
echo "cluster bench: fan-out to $SUBSCRIBERS subscribers" >&2
fanout "$single_port" "$single_port" "$SUBSCRIBERS" 5
single_deliveries=$(python3 -c "import json; print(json.load(open('$work/lg.$single_port.json'))['deliveries_per_second'])")
kill -9 "$single" 2>/dev/null
third=$((SUBSCRIBERS / 3))
# One loadgen posts 5/s (as against the single node); the others post to a closed port (nothing).
closed=$(free_port)
clients=()
for port in "${ports[@]}"; do
  if [ "$port" = "${ports[0]}" ]; then fanout "$port" "$port" "$third" 5 & else fanout "$port" "$closed" "$third" 1 & fi
  clients+=($!)
done
wait "${clients[@]}"
cluster_deliveries=$(python3 -c "import json; print(sum(json.load(open('$work/lg.%s.json' % p))['deliveries_per_second'] for p in '${ports[*]}'.split()))")
row "cluster fan-out, $SUBSCRIBERS subscribers spread over 3 nodes (deliveries/s; peer: all on the single node)" \
  "$cluster_deliveries" "$single_deliveries" 1

#!/usr/bin/env bash
# End-to-end rows of the hub, each next to its peer measured in the same run, on loopback:
#   1. ingest through POST /api/posts with a durable acknowledgement (Pulse `--fsync batch`;
#      the Flask peer fsyncs its log before each 202), single-post requests and 500-post batches,
#      with wrk: posts/s and p50/p99 request latency. Peer: Benchmarks/peers/flask_ingest.py
#      (Flask + vaderSentiment + scikit-learn) under gunicorn, 2 sync workers (one per core).
#   2. fan-out to 1,000 / 5,000 / 10,000 WebSocket subscribers at 5 deltas/s (pulse-loadgen):
#      deliveries/s, latency from a post's 202 to its arrival (p50/p99/p99.9), server CPU, RSS per
#      idle connection. Peers: Benchmarks/peers/ws_broadcast.py (Python websockets) and
#      Benchmarks/peers/lws_broadcast.c (raw libwebsockets, the library's ceiling), both with
#      the same 200 ms tick and deltas padded to the mean size of Pulse's deltas.
#   3. start to ready (/readyz 200) with 1,000,000 posts recovered: after SIGKILL (WAL replay)
#      and after SIGTERM (final snapshot).
# Raises `ulimit -n` (says so on stderr). Every load loop is bounded in count and time (the load
# client: 300 s beyond its run, since connecting 18,000 subscribers one by one to a single-threaded
# peer took about 4 minutes).
# Prints table rows: figure | Pulse | peer | ratio (ratio > 1 means Pulse is better).
#   2b. the raw libwebsockets peer on poll() against its libuv and libev backends.
# Knobs: FANOUT ("1000 5000 10000 18000"), FANOUT_SECONDS (10), WRK_SECONDS (8), RECOVER_POSTS (1000000),
# EVENTLOOP_FANOUT (10000; 0 skips 2b), WIDE_CONNS (256: the second single-post ingest row).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/.build/release/pulse
loadgen=$PWD/.build/release/pulse-loadgen
FANOUT=${FANOUT:-1000 5000 10000 18000}
FANOUT_SECONDS=${FANOUT_SECONDS:-10}
WRK_SECONDS=${WRK_SECONDS:-8}
RECOVER_POSTS=${RECOVER_POSTS:-1000000}
[ -x "$bin" ] && [ -x "$loadgen" ] || { echo "missing $bin or $loadgen: run 'swift build -c release'" >&2; exit 1; }
mkdir -p .build/bench
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
echo "hub: raised ulimit -n to $(ulimit -n) for the servers and the load client" >&2
lws_peer=.build/bench/lws_broadcast
cc -O2 -o "$lws_peer" Benchmarks/peers/lws_broadcast.c $(pkg-config --cflags --libs libwebsockets)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# Polls URL until it answers 200 (at most $2 seconds); fails otherwise.
wait_200() {
  local deadline=$(( $(date +%s) + $2 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no 200 from $1 in $2 s" >&2; return 1; }
    sleep 0.01
  done
}
stop_server() { kill -"${1:-TERM}" "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; }
start_pulse() { # port data-dir extra-args...
  local port=$1 data=$2; shift 2
  "$bin" serve --port "$port" --data-dir "$data" --fsync batch "$@" >> "$work/pulse.log" 2>&1 &
  server=$!
}

# ---- 1. ingest ---------------------------------------------------------------------------
# wrk: prints "requests/s p50_ms p99_ms non2xx" from wrk --latency output.
run_wrk() { # url script connections
  wrk -t2 -c"$3" -d"${WRK_SECONDS}s" --timeout 10s --latency -s "Benchmarks/hub/$2" "$1" > "$work/wrk.out" 2>&1 || true
  cat "$work/wrk.out" >&2
  python3 - "$work/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(rate, p50, p99, bad.group(1) if bad else 0)
PY
}
# Single posts twice: 32 connections, and WIDE_CONNS (256), since a durable 202 waits for an
# fsync and only enough requests in flight fill each group commit.
WIDE_CONNS=${WIDE_CONNS:-256}
ingest() { # url -> sets one_* wide_* batch_* (rate p50 p99)
  read -r one_rate one_p50 one_p99 one_bad <<< "$(run_wrk "$1" post-one.lua 32)"
  read -r wide_rate wide_p50 wide_p99 wide_bad <<< "$(run_wrk "$1" post-one.lua "$WIDE_CONNS")"
  read -r batch_rate batch_p50 batch_p99 batch_bad <<< "$(run_wrk "$1" post-batch.lua 8)"
  batch_rate=$(calc "$batch_rate * 500")
  if [ "$one_bad" != 0 ] || [ "$wide_bad" != 0 ] || [ "$batch_bad" != 0 ]; then
    echo "WARNING: non-2xx answers: $one_bad / $wide_bad / $batch_bad" >&2
  fi
}

echo "hub: ingest, Pulse (--fsync batch)" >&2
port=$(free_port)
start_pulse "$port" "$work/ingest"
wait_200 "http://127.0.0.1:$port/readyz" 30
ingest "http://127.0.0.1:$port"
read -r p_one p_one50 p_one99 p_batch p_batch50 p_batch99 <<< "$one_rate $one_p50 $one_p99 $batch_rate $batch_p50 $batch_p99"
read -r p_wide p_wide50 p_wide99 <<< "$wide_rate $wide_p50 $wide_p99"
stop_server

echo "hub: ingest, Flask peer (gunicorn, 2 sync workers)" >&2
port=$(free_port)
mkdir -p "$work/flask"
PEER_DATA_DIR="$work/flask" python3 -m gunicorn --workers 2 --bind "127.0.0.1:$port" --chdir Benchmarks/peers \
  --log-level warning flask_ingest:app >> "$work/flask.log" 2>&1 &
server=$!
wait_200 "http://127.0.0.1:$port/readyz" 60
ingest "http://127.0.0.1:$port"
stop_server

row() { echo "| $1 | $2 | $3 | $4 |"; }
up() { calc "f'{$1 / $2:.2f}x'"; }      # higher is better
down() { calc "f'{$2 / $1:.2f}x'"; }    # lower is better
fmt() { calc "f'{$1:.${2:-0}f}'"; }
row "ingest: 1-post requests, durable 202, wrk 2 threads x 32 conns (posts/s; peer Flask+VADER+sklearn, gunicorn 2 workers)" \
  "$(fmt "$p_one")" "$(fmt "$one_rate")" "$(up "$p_one" "$one_rate")"
row "ingest: 1-post requests, p50 / p99 latency (ms; ratio on p99)" "$(fmt "$p_one50" 2) / $(fmt "$p_one99" 2)" \
  "$(fmt "$one_p50" 2) / $(fmt "$one_p99" 2)" "$(down "$p_one99" "$one_p99")"
row "ingest: 1-post requests, durable 202, wrk 2 threads x $WIDE_CONNS conns (posts/s)" \
  "$(fmt "$p_wide")" "$(fmt "$wide_rate")" "$(up "$p_wide" "$wide_rate")"
row "ingest: 1-post requests x $WIDE_CONNS conns, p50 / p99 latency (ms; ratio on p99)" "$(fmt "$p_wide50" 2) / $(fmt "$p_wide99" 2)" \
  "$(fmt "$wide_p50" 2) / $(fmt "$wide_p99" 2)" "$(down "$p_wide99" "$wide_p99")"
row "ingest: 500-post requests, durable 202, wrk 2 threads x 8 conns (posts/s)" \
  "$(fmt "$p_batch")" "$(fmt "$batch_rate")" "$(up "$p_batch" "$batch_rate")"
row "ingest: 500-post requests, p50 / p99 latency (ms; ratio on p99)" "$(fmt "$p_batch50" 1) / $(fmt "$p_batch99" 1)" \
  "$(fmt "$batch_p50" 1) / $(fmt "$batch_p99" 1)" "$(down "$p_batch99" "$batch_p99")"

# ---- 2. fan-out --------------------------------------------------------------------------
# Runs pulse-loadgen against the running $server: N idle subscribers for 3 s (RSS sampled),
# then FANOUT_SECONDS of 5 posts/s. Prints "deliveries p50 p99 p999 cpu% rss_per_conn_kib bytes
# send_p50 send_p99 send_p999 ack_p50 ack_p99" (p*: from the 202, send_*: from the post's send,
# ack_*: send to 202).
fanout() { # subscribers ws-port post-port
  local base before after start end ticks
  sleep 0.5
  base=$(rss_kib "$server")
  : > "$work/lg.err"
  timeout $((FANOUT_SECONDS + 300)) "$loadgen" --port "$2" --post-port "$3" --subscribers "$1" --seconds "$FANOUT_SECONDS" \
    --rate 5 --hold-idle 3 > "$work/lg.json" 2> "$work/lg.err" &
  local client=$!
  until grep -q "subscribers connected" "$work/lg.err" || ! kill -0 $client 2>/dev/null; do sleep 0.05; done
  sleep 2
  after=$(rss_kib "$server")
  until grep -q "idle hold over" "$work/lg.err" || ! kill -0 $client 2>/dev/null; do sleep 0.02; done
  start=$(now); before=$(cpu_ticks "$server")
  wait $client || true
  end=$(now); ticks=$(cpu_ticks "$server")
  head -c 300 "$work/lg.err" >&2
  cat "$work/lg.json" >&2; echo >&2
  python3 - "$work/lg.json" "$1" "$base" "$after" "$before" "$ticks" "$start" "$end" "$(getconf CLK_TCK)" <<'PY'
import json, sys
n, base, after, before, ticks, start, end, hz = (float(v) for v in sys.argv[2:])
try:
    r = json.load(open(sys.argv[1]))
except ValueError:
    print("failed failed failed failed failed failed 0 failed failed failed failed failed"); sys.exit()
cpu = (ticks - before) / hz / (end - start) * 100
print(f"{r['deliveries_per_second']:.0f} {r['p50_ms']:.1f} {r['p99_ms']:.1f} {r['p999_ms']:.1f} {cpu:.1f} "
      f"{(after - base) / n:.1f} {r['mean_delta_bytes']} "
      f"{r['send_p50_ms']:.1f} {r['send_p99_ms']:.1f} {r['send_p999_ms']:.1f} {r['ack_p50_ms']:.1f} {r['ack_p99_ms']:.1f}")
PY
}
ratio_or_dash() { case "$1$2" in *failed*|*nan*) echo "-";; *) "$3" "$1" "$2";; esac; }

delta_bytes=0
for n in $FANOUT; do
  echo "hub: fan-out to $n subscribers, Pulse" >&2
  port=$(free_port)
  start_pulse "$port" "$work/fanout-$n"
  wait_200 "http://127.0.0.1:$port/readyz" 30
  read -r pd p50 p99 p999 pcpu prss bytes s50 s99 s999 a50 a99 <<< "$(fanout "$n" "$port" "$port")"
  stop_server
  [ "$delta_bytes" = 0 ] && delta_bytes=$bytes
  for peer in python lws; do
    echo "hub: fan-out to $n subscribers, $peer peer (deltas of $delta_bytes B)" >&2
    port=$(free_port)
    if [ $peer = python ]; then
      post_port=$(free_port)
      python3 Benchmarks/peers/ws_broadcast.py "$port" "$post_port" "$delta_bytes" >> "$work/ws.log" 2>&1 &
      server=$!
      peer_name="Python websockets $(python3 -c 'import websockets; print(websockets.__version__)')"
    else
      post_port=$port
      "$lws_peer" "$port" "$delta_bytes" >> "$work/lws.log" 2>&1 &
      server=$!
      peer_name="raw libwebsockets $(pkg-config --modversion libwebsockets | tr -d -) in C (ceiling)"
    fi
    for _ in $(seq 200); do (exec 3<> "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
    read -r qd q50 q99 q999 qcpu qrss _ t50 t99 t999 b50 b99 <<< "$(fanout "$n" "$port" "$post_port")"
    stop_server
    row "fan-out $n subscribers, 5 deltas/s of ~$delta_bytes B: deliveries/s (peer: $peer_name)" "$pd" "$qd" "$(ratio_or_dash "$pd" "$qd" up)"
    row "fan-out $n subscribers: latency 202 to arrival p50 / p99 / p99.9 (ms, 200 ms tick; ratio on p99)" \
      "$p50 / $p99 / $p999" "$q50 / $q99 / $q999" "$(ratio_or_dash "$p99" "$q99" down)"
    row "fan-out $n subscribers: latency send to arrival p50 / p99 / p99.9 (ms; ratio on p99)" \
      "$s50 / $s99 / $s999" "$t50 / $t99 / $t999" "$(ratio_or_dash "$s99" "$t99" down)"
    row "fan-out $n subscribers: post send to its 202, p50 / p99 (ms; ratio on p99)" \
      "$a50 / $a99" "$b50 / $b99" "$(ratio_or_dash "$a99" "$b99" down)"
    row "fan-out $n subscribers: server CPU (% of one core)" "$pcpu" "$qcpu" "$(ratio_or_dash "$pcpu" "$qcpu" down)"
    row "fan-out $n subscribers: server CPU per delivery (µs; ratio)" "$(calc "f'{$pcpu * 10000 / max($pd, 1):.1f}'" 2>/dev/null || echo -)" \
      "$(calc "f'{$qcpu * 10000 / max($qd, 1):.1f}'" 2>/dev/null || echo -)" "$(ratio_or_dash "$(calc "$pcpu / max($pd, 1)" 2>/dev/null || echo failed)" "$(calc "$qcpu / max($qd, 1)" 2>/dev/null || echo failed)" down)"
    row "fan-out $n subscribers: RSS per idle connection (KiB)" "$prss" "$qrss" "$(ratio_or_dash "$prss" "$qrss" down)"
  done
done

# ---- 2b. event loop ------------------------------------------------------------------------
# The raw libwebsockets peer on its default poll() loop against its libuv and libev (epoll)
# backends, at EVENTLOOP_FANOUT subscribers: which loop to use at large connection counts.
EVENTLOOP_FANOUT=${EVENTLOOP_FANOUT:-10000}
if [ "$EVENTLOOP_FANOUT" != 0 ]; then
  declare -A loop_rows
  for loop in poll uv ev; do
    echo "hub: event loop $loop, raw libwebsockets peer, $EVENTLOOP_FANOUT subscribers" >&2
    port=$(free_port)
    "$lws_peer" "$port" "$delta_bytes" 200 "$loop" >> "$work/lws.log" 2>&1 &
    server=$!
    for _ in $(seq 200); do (exec 3<> "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
    read -r ld l50 l99 l999 lcpu _ _ <<< "$(fanout "$EVENTLOOP_FANOUT" "$port" "$port")"
    stop_server KILL
    loop_rows[$loop]="$ld $l99 $lcpu"
  done
  read -r poll_d poll_99 poll_cpu <<< "${loop_rows[poll]}"
  for loop in uv ev; do
    read -r ld l99 lcpu <<< "${loop_rows[$loop]}"
    row "event loop, raw lws peer, $EVENTLOOP_FANOUT subscribers: deliveries/s, poll() vs lib$loop (ratio: poll / lib$loop)" \
      "$poll_d" "$ld" "$(ratio_or_dash "$poll_d" "$ld" up)"
    row "event loop, raw lws peer, $EVENTLOOP_FANOUT subscribers: p99 from 202 (ms) and CPU (%), poll() vs lib$loop (ratio on CPU)" \
      "$poll_99 ms, $poll_cpu %" "$l99 ms, $lcpu %" "$(ratio_or_dash "$poll_cpu" "$lcpu" down)"
  done
fi

# ---- 3. recovery -------------------------------------------------------------------------
echo "hub: recovery, posting $RECOVER_POSTS demo posts in 500-post batches" >&2
port=$(free_port)
url=http://127.0.0.1:$port
start_pulse "$port" "$work/recover" --snapshot-interval 86400
wait_200 "$url/readyz" 30
timeout 600 "$bin" post "$url" --demo "$RECOVER_POSTS" --batch 500 > "$work/post.json" 2> /dev/null
cat "$work/post.json" >&2
posted=$(python3 -c "import json; r=json.load(open('$work/post.json')); assert r['accepted']==$RECOVER_POSTS, r; print(int(r['posts_per_second']))")
row "ingest: pulse post --demo $RECOVER_POSTS, 500-post NDJSON batches, one connection, durable (posts/s)" "$posted" "-" "-"
stop_server KILL
time_to_ready() { # sets ready_seconds
  local start
  start=$(now)
  start_pulse "$port" "$work/recover" --snapshot-interval 86400
  wait_200 "$url/readyz" 600
  ready_seconds=$(calc "f'{$(now) - $start:.2f}'")
}
echo "hub: restart after SIGKILL (WAL replay)" >&2
time_to_ready
killed=$ready_seconds
kill_rss=$(( $(rss_kib "$server") / 1024 ))
stop_server TERM
echo "hub: restart after SIGTERM (final snapshot)" >&2
time_to_ready
termed=$ready_seconds
stop_server TERM
grep -i "recover\|snapshot\|replay" "$work/pulse.log" | tail -4 >&2 || true
row "start to ready with $RECOVER_POSTS posts recovered after SIGKILL: WAL replay (s; RSS then $kill_rss MiB)" "$killed" "-" "-"
row "start to ready with $RECOVER_POSTS posts recovered after SIGTERM: snapshot (s)" "$termed" "-" "-"

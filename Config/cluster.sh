#!/usr/bin/env bash
# `make cluster`: a local Pulse cluster for trying cluster mode. Starts redis-server (data in
# $DATA_DIR/redis, AOF on with appendfsync always, port $REDIS_PORT, default 6379) and three
# `pulse serve --cluster` nodes a, b, c on ports $BASE_PORT..$BASE_PORT+2 (default 8080-8082), each
# with its own data directory ($DATA_DIR/node-a ...) and log ($DATA_DIR/node-a.log ...); the demo
# feed posts into node a only. Prints the URLs once every node is ready and stops everything
# on Ctrl-C (or `make cluster-stop` from another terminal).
#
# Usage: Config/cluster.sh PULSE_BINARY        start, and wait for Ctrl-C
#        Config/cluster.sh --stop              stop a cluster started from this directory
set -euo pipefail
# Job control: each child in a process group of its own, so Ctrl-C reaches only this script, which
# then stops the nodes before Redis.
set -m

DATA_DIR=${DATA_DIR:-data}
REDIS_PORT=${REDIS_PORT:-6379}
BASE_PORT=${BASE_PORT:-8080}
HOST=${HOST:-127.0.0.1}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
PIDS="$DATA_DIR/cluster.pids"
REDIS_PORT_FILE="$DATA_DIR/cluster.redis-port"
NODES=(a b c)

any_alive() {
    [ -f "$PIDS" ] || return 1
    while read -r pid; do kill -0 "$pid" 2>/dev/null && return 0; done < "$PIDS"
    return 1
}

# SIGTERM to every pid given, SIGKILL to those still alive 10 s later.
stop_list() {
    [ "$#" -gt 0 ] || return 0
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 100); do
        alive=0
        for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && return 0
        sleep 0.1
    done
    for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# The nodes first, Redis (the first line) once they have exited, so no node loses Redis while it
# stops. Redis is asked with SHUTDOWN first: it works even where SIGTERM reaches Redis blocked
# (a parent that blocks signals hands its mask down, as a test runner may).
stop_pids() {
    [ -f "$PIDS" ] || return 0
    # shellcheck disable=SC2046
    stop_list $(tail -n +2 "$PIDS")
    redis_pid=$(head -n 1 "$PIDS")
    if [ -f "$REDIS_PORT_FILE" ] && kill -0 "$redis_pid" 2>/dev/null; then
        redis-cli -p "$(cat "$REDIS_PORT_FILE")" shutdown >/dev/null 2>&1 || true
    fi
    stop_list "$redis_pid"
    rm -f "$PIDS" "$REDIS_PORT_FILE"
}

if [ "${1:-}" = "--stop" ]; then
    if [ -f "$PIDS" ]; then stop_pids; echo "cluster stopped"; else echo "no cluster running (no $PIDS)"; fi
    exit 0
fi

PULSE=${1:?usage: $0 PULSE_BINARY | --stop}
if any_alive; then
    echo "a cluster is already running ($PIDS); stop it with: make cluster-stop" >&2
    exit 1
fi
rm -f "$PIDS"
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$REDIS_PORT" $(seq "$BASE_PORT" $((BASE_PORT + 2))); do
    if listening "$port"; then
        echo "port $port is already in use (another redis-server or pulse?); free it or set REDIS_PORT / BASE_PORT" >&2
        exit 1
    fi
done

mkdir -p "$DATA_DIR/redis"
trap 'echo; echo "stopping the cluster"; stop_pids; exit 0' INT TERM
trap 'stop_pids' EXIT

"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$(cd "$DATA_DIR/redis" && pwd)" \
    --appendonly yes --appendfsync always --daemonize no --logfile redis.log &
redis_pid=$!
echo "$redis_pid" >> "$PIDS"
echo "$REDIS_PORT" > "$REDIS_PORT_FILE"
for _ in $(seq 100); do
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
done
if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" != PONG ]; then
    echo "redis-server did not start ($DATA_DIR/redis/redis.log):" >&2
    tail -n 5 "$DATA_DIR/redis/redis.log" >&2
    exit 1
fi

node_pids=()
for index in "${!NODES[@]}"; do
    node=${NODES[$index]}
    demo=()
    [ "$index" = 0 ] && demo=(--demo)
    "$PULSE" serve --config Config/pulse.json --host "$HOST" --port $((BASE_PORT + index)) \
        --data-dir "$DATA_DIR/node-$node" --cluster "redis://127.0.0.1:$REDIS_PORT" --node "$node" "${demo[@]}" \
        2> "$DATA_DIR/node-$node.log" &
    node_pids[$index]=$!
    echo $! >> "$PIDS"
done

for index in "${!NODES[@]}"; do
    node=${NODES[$index]}
    url="http://$HOST:$((BASE_PORT + index))"
    for _ in $(seq 600); do
        curl -sf -o /dev/null "$url/readyz" && break
        kill -0 "${node_pids[$index]}" 2>/dev/null || { echo "node $node exited:" >&2; tail -n 20 "$DATA_DIR/node-$node.log" >&2; exit 1; }
        sleep 0.1
    done
    curl -sf -o /dev/null "$url/readyz" || { echo "node $node not ready after 60 s: see $DATA_DIR/node-$node.log" >&2; exit 1; }
done

echo "Redis     redis://127.0.0.1:$REDIS_PORT (AOF in $DATA_DIR/redis)"
for index in "${!NODES[@]}"; do
    node=${NODES[$index]}
    role=""
    [ "$index" = 0 ] && role="  (demo feed posts here)"
    echo "node $node    http://$HOST:$((BASE_PORT + index))  log $DATA_DIR/node-$node.log$role"
done
echo "Every node shows the same dashboard. Ctrl-C (or make cluster-stop) stops everything."
wait

#!/bin/sh
# `make install` into a temporary DESTDIR, then the installed binary, run from a directory outside
# the checkout, must serve the dashboard and /readyz and stop cleanly on SIGTERM; the unit file
# must pass `systemd-analyze verify` where systemd is installed. Always stops the server.
set -eu
checkout=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/pulse-install-test.XXXXXX)
prefix=/opt/pulse-install-test
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "install-test: FAIL: $*" >&2; [ -f "$work/serve.log" ] && tail -20 "$work/serve.log" >&2; exit 1; }

make -C "$checkout" --no-print-directory install PREFIX="$prefix" DESTDIR="$work/root" >/dev/null
root="$work/root$prefix"
for file in bin/pulse share/pulse/WebClient/index.html share/pulse/Config/vader_lexicon.txt \
            share/pulse/Config/pulse.json share/pulse/Config/openapi.json lib/systemd/system/pulse.service; do
    [ -e "$root/$file" ] || fail "$file was not installed"
done

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/elsewhere"
cd "$work/elsewhere"  # no Config/ or WebClient/ here: the binary must find its own
"$root/bin/pulse" serve --config "$root/share/pulse/Config/pulse.json" --port "$port" --data-dir "$work/data" >"$work/serve.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then ready=yes; break; fi
    kill -0 "$server" 2>/dev/null || fail "the installed pulse exited"
    sleep 0.1
done
[ -n "$ready" ] || fail "/readyz never answered 200"
status=$(curl -s -o "$work/index.html" -w '%{http_code}' "$base/")
[ "$status" = 200 ] || fail "GET / answered $status"
cmp -s "$work/index.html" "$checkout/WebClient/index.html" || fail "GET / is not the installed index.html"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/openapi.json")
[ "$status" = 200 ] || fail "GET /api/openapi.json answered $status"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"text":"installed and happy #pulse"}' "$base/api/analyze")
[ "$status" = 200 ] || fail "POST /api/analyze answered $status (lexicons not found?)"
kill -TERM "$server"
code=0
wait "$server" || code=$?
server=""
[ "$code" = 0 ] || fail "pulse exited with $code after SIGTERM (expected a clean stop, 0)"
echo "install-test: installed pulse served /, /readyz, /api/openapi.json and /api/analyze from $work/elsewhere; SIGTERM stopped it (exit 0)"

unit="$root/lib/systemd/system/pulse.service"
if command -v systemd-analyze >/dev/null 2>&1; then
    # verify checks that ExecStart's binary exists: point it at the staged copy.
    sed -e "s|$prefix|$root|g" "$unit" > "$work/pulse.service"
    # verify exits 0 on unknown keys and bad values (it only warns): any output is a failure.
    report=$(systemd-analyze verify "$work/pulse.service" 2>&1) || fail "systemd-analyze verify rejected pulse.service: $report"
    [ -z "$report" ] || fail "systemd-analyze verify complained about pulse.service: $report"
    echo "install-test: systemd-analyze verify accepted pulse.service"
else
    echo "install-test: SKIPPED systemd-analyze verify: systemd is not installed on this machine"
fi

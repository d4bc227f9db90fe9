#!/bin/sh
# Validates Config/openapi.json (openapi-spec-validator), then runs schemathesis against a live
# `pulse serve` (the binary given as $1) on a free port with a temporary data directory: every
# operation and every check, with the exceptions (and their reasons) in schemathesis.toml.
# Fails on any finding; always stops the server. EXAMPLES (default 25) sets the test cases per operation.
set -eu
checkout=$(cd "$(dirname "$0")/../.." && pwd)
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d /tmp/pulse-api-test.XXXXXX)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$server" 2>/dev/null || true  # a server that does not drain in 5 s
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

python3 -c "
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
validate(read_from_filename('$checkout/Config/openapi.json')[0])
print('api-test: Config/openapi.json is a valid OpenAPI 3.1 document')"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" serve --port "$port" --data-dir "$work/data" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break
    sleep 0.1
done
cd "$work"
status=0
schemathesis --config-file "$checkout/Tests/OpenAPI/schemathesis.toml" run "http://127.0.0.1:$port/api/openapi.json" \
    --max-examples "${EXAMPLES:-25}" --request-timeout 10 \
    --workers 1 --no-color --seed "${SEED:-20261201}" || status=$?
# The server must still be alive and healthy after the run.
if ! curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$port/healthz"; then
    echo "api-test: the server stopped answering /healthz after the run" >&2
    tail -20 "$work/serve.log" >&2
    status=1
fi
if [ "$status" = 0 ]; then
    echo "api-test: schemathesis found nothing"
else
    echo "api-test: the server's log:" >&2
    tail -30 "$work/serve.log" >&2
fi
exit "$status"

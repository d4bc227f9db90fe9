#!/usr/bin/env bash
# Runs every benchmark (Benchmarks/*/run.sh) against its peer in the same run and prints one
# table: figure | Pulse | peer | ratio. Rows are also saved as JSON in .build/bench/results.json.
# Expects `swift build -c release` to have run (make bench does it).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/bench
rows=.build/bench/rows.txt
: > "$rows"
echo "Pulse benchmarks on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m)" >&2
for script in Benchmarks/*/run.sh; do
  echo "== $script" >&2
  if ! timeout 600 bash "$script" >> "$rows"; then
    echo "| $(dirname "$script" | xargs basename): FAILED | - | - | - |" >> "$rows"
  fi
done
echo
echo "| figure | Pulse | peer | ratio |"
echo "|---|---|---|---|"
grep '^|' "$rows"
python3 - "$rows" > .build/bench/results.json <<'PY'
import json, sys, datetime, os
rows = []
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if len(cells) == 4:
        rows.append(dict(zip(["figure", "pulse", "peer", "ratio"], cells)))
print(json.dumps({"date": datetime.datetime.utcnow().isoformat() + "Z", "cores": os.cpu_count(), "rows": rows}, indent=2))
PY
echo >&2
echo "saved .build/bench/results.json" >&2

#!/usr/bin/env bash
# Runs every benchmark (Benchmarks/*/run.sh) against its peer in the same run and prints one
# table: figure | Pulse | peer | ratio (ratio > 1 means Pulse is better). Rows, the machine,
# the load average and each script's seconds are also saved as JSON in .build/bench/results.json
# (not committed) so a later run can be compared. Each script is stopped after 600 s (the hub's
# after 1,500 s); the whole suite is meant to take under 30 minutes on 2 cores.
# Expects `swift build -c release` to have run (make bench does it).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/bench
rows=.build/bench/rows.txt
timings=.build/bench/timings.txt
: > "$rows"
: > "$timings"
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sm)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
suite_start=$(date +%s)
echo "Pulse benchmarks on $machine, $(date -u +%Y-%m-%dT%H:%MZ), load average $load_before" >&2
for script in Benchmarks/*/run.sh; do
  echo "== $script" >&2
  start=$(date +%s)
  # The hub script holds the fan-out rows up to 18,000 subscribers against two peers each.
  limit=600; [ "$script" = Benchmarks/hub/run.sh ] && limit=1500
  if ! timeout "$limit" bash "$script" >> "$rows"; then
    echo "| $(dirname "$script" | xargs basename): FAILED | - | - | - |" >> "$rows"
  fi
  echo "$script $(( $(date +%s) - start ))" >> "$timings"
  echo "   $script took $(( $(date +%s) - start )) s" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
total=$(( $(date +%s) - suite_start ))
echo
echo "| figure | Pulse | peer | ratio |"
echo "|---|---|---|---|"
grep '^|' "$rows"
echo
echo "Machine: $machine. Load average (1/5/15 min) before: $load_before, after: $load_after. Suite: $total s."
python3 - "$rows" "$timings" "$machine" "$load_before" "$load_after" "$total" > .build/bench/results.json <<'PY'
import json, sys, datetime
rows_file, timings_file, machine, load_before, load_after, total = sys.argv[1:]
rows = []
for line in open(rows_file):
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if line.startswith('|') and len(cells) == 4:
        rows.append(dict(zip(["figure", "pulse", "peer", "ratio"], cells)))
seconds = {name: int(value) for name, value in (line.split() for line in open(timings_file))}
print(json.dumps({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                  "machine": machine, "load_average_before": load_before, "load_average_after": load_after,
                  "suite_seconds": int(total), "script_seconds": seconds, "rows": rows}, indent=2))
PY
echo >&2
echo "saved .build/bench/results.json" >&2

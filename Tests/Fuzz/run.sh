#!/usr/bin/env bash
# Runs each libFuzzer target of pulse-fuzz for SECONDS from its committed seed corpus
# (Tests/Fuzz/corpus/TARGET, read only; new inputs go to .build-fuzz/corpus/TARGET) and prints
# executions, executions per second and how long 10 million executions take at that rate.
# Exits 1 on any crash, leak, timeout or sanitizer report (the input is kept in .build-fuzz/crashes).
# With FUZZ_RUNS=N in the environment each target runs N executions instead (SECONDS is ignored).
# usage: Tests/Fuzz/run.sh BINARY SECONDS TARGET...
set -u
binary=$1 seconds=$2
shift 2
root=.build-fuzz  # corpus, crashes and logs of these runs
status=0
# The build must have both: coverage counters (else libFuzzer mutates blindly) and ASan.
probe=$(ASAN_OPTIONS=help=1 PULSE_FUZZ_TARGET=json "$binary" -runs=0 2>&1)
if ! grep -q 'Available flags for AddressSanitizer' <<<"$probe" || ! grep -q 'INFO: Loaded 1 modules' <<<"$probe"; then
  echo "run.sh: $binary lacks AddressSanitizer or coverage instrumentation (see make fuzz-build)"; exit 1
fi
printf '%-10s %12s %9s %12s  %s\n' target executions exec/s "10M takes" result
for target in "$@"; do
  work="$root/corpus/$target" crashes="$root/crashes/$target" log="$root/logs/$target.log"
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  if [ -n "${FUZZ_RUNS:-}" ]; then limit="-runs=$FUZZ_RUNS"; else limit="-max_total_time=$seconds"; fi
  started=$(date +%s)
  PULSE_FUZZ_TARGET=$target "$binary" "$limit" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -artifact_prefix="$crashes/" "$work" "Tests/Fuzz/corpus/$target" >"$log" 2>&1
  code=$?
  elapsed=$(( $(date +%s) - started ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  runs=${runs:-0}
  rate=$(( runs / (elapsed > 0 ? elapsed : 1) ))
  ten_million=$(awk -v r="$rate" 'BEGIN { if (r > 0) printf "%.0f min", 1e7 / r / 60; else print "-" }')
  if [ "$code" -eq 0 ] && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY: ' "$log"; then
    result=ok
  else
    result="FAILED (exit $code, see $log)"; status=1
    grep -E 'ERROR|SUMMARY|Fatal error|artifact' "$log" | head -5
  fi
  printf '%-10s %12s %9s %12s  %s\n' "$target" "$runs" "$rate" "$ten_million" "$result"
done
exit $status

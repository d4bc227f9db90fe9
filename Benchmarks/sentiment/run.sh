#!/usr/bin/env bash
# Sentiment throughput: `pulse analyze --input FILE` against vaderSentiment 3.3.2 doing the same
# job (read the file, score every line, write one JSON object per line to /dev/null), on the
# same corpora, in the same run. One core: texts per CPU-second (pulse --jobs 1, best of 5;
# one Python process, one run). All cores: texts per wall-clock second (pulse --jobs N, best
# of 5; N Python processes, one run). Needs .build/release/pulse (swift build -c release) and
# python3 with vaderSentiment==3.3.2 (installed here if missing).
# Prints `| figure | pulse | vaderSentiment | ratio |` rows on stdout, progress on stderr (which
# also says whether both wrote byte-identical text and sentiment).
set -euo pipefail
cd "$(dirname "$0")/../.."
PULSE=.build/release/pulse
[ -x "$PULSE" ] || { echo "build first: swift build -c release" >&2; exit 1; }
python3 -c 'import importlib.metadata as m; assert m.version("vaderSentiment") == "3.3.2"' 2>/dev/null \
  || python3 -m pip install --quiet vaderSentiment==3.3.2 >&2
# The interpreter itself, not a launcher in front of it (a pyenv shim runs bash scripts as
# children first, whose CPU time would otherwise be counted as the measured program's).
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
CORES=$(nproc)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Corpora from the golden texts (line breaks inside a text become spaces; texts starting with
# '{' are left out, since both sides would read them as JSON objects):
#   posts:  texts of at most 280 characters (typical posts), 4 copies
#   golden: every golden text once, including the very long ones
"$PYTHON" - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
texts = []
for line in open("Tests/Golden/vader/vader_golden.jsonl", encoding="ascii"):
    text = json.loads(line)["text"]
    for separator in ("\r", "\n"):
        text = text.replace(separator, " ")
    if not text.startswith("{"):
        texts.append(text)
with open(f"{work}/posts.txt", "w", encoding="utf-8", newline="\n") as out:
    for _ in range(4):
        out.writelines(t + "\n" for t in texts if len(t) <= 280)
with open(f"{work}/golden.txt", "w", encoding="utf-8", newline="\n") as out:
    out.writelines(t + "\n" for t in texts)
PY

# Runs a command (output to /dev/null) `runs` times; prints "best-wall-seconds best-cpu-seconds"
# (cpu = user + system time of the measured process and its children, nothing else). On a
# shared machine the CPU time is the fair one-core figure: it does not count time spent
# waiting for a core.
measure() {
  local runs=$1; shift
  local best_wall="" best_cpu=""
  for _ in $(seq "$runs"); do
    local times wall cpu
    # rusage of the child: microsecond resolution (GNU time rounds to 10 ms)
    times=$("$PYTHON" -c '
import resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(f"{wall:.6f} {cpu:.6f}")' "$@")
    wall=${times% *}
    cpu=${times#* }
    if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu=$cpu; fi
  done
  echo "$best_wall $best_cpu"
}
rate() { echo "$1 / $2" | bc -l | xargs printf "%.0f"; }
ratio() { echo "$1 / $2" | bc -l | xargs printf "%.1f"; }

for corpus in posts golden; do
  file="$WORK/$corpus.txt"
  count=$(wc -l < "$file")
  echo "corpus $corpus: $count texts" >&2
  "$PULSE" analyze --input "$file" > "$WORK/pulse.jsonl"
  "$PYTHON" Benchmarks/sentiment/vader_reference.py "$file" > "$WORK/reference.jsonl"
  # pulse prints more per line (hashtags, cluster, engagement after the sentiment): compare the
  # part the reference prints. An unescaped `,"hashtags":` cannot occur inside the text.
  sed 's/,"hashtags":.*$/}/' "$WORK/pulse.jsonl" > "$WORK/pulse-sentiment.jsonl"
  if cmp -s "$WORK/pulse-sentiment.jsonl" "$WORK/reference.jsonl"; then
    echo "  text and sentiment of pulse and the reference are byte-identical ($count lines)" >&2
  else
    echo "  WARNING: outputs of pulse and the reference differ" >&2
  fi
  echo "  pulse --jobs 1 ..." >&2
  read -r _ pulse_cpu < <(measure 5 "$PULSE" analyze --input "$file" --jobs 1)
  echo "  pulse --jobs $CORES ..." >&2
  read -r pulse_wall _ < <(measure 5 "$PULSE" analyze --input "$file" --jobs "$CORES")
  echo "  vaderSentiment, 1 process ..." >&2
  read -r _ vader_cpu < <(measure 1 "$PYTHON" Benchmarks/sentiment/vader_reference.py "$file")
  echo "  vaderSentiment, $CORES processes ..." >&2
  read -r vader_wall _ < <(measure 1 "$PYTHON" Benchmarks/sentiment/vader_reference.py "$file" --processes "$CORES")
  p1=$(rate "$count" "$pulse_cpu"); v1=$(rate "$count" "$vader_cpu")
  pa=$(rate "$count" "$pulse_wall"); va=$(rate "$count" "$vader_wall")
  echo "| sentiment texts per CPU-second, $corpus corpus ($count texts), 1 core | $p1 | $v1 | $(ratio "$p1" "$v1")x |"
  echo "| sentiment texts/s wall clock, $corpus corpus ($count texts), $CORES cores | $pa | $va | $(ratio "$pa" "$va")x |"
done

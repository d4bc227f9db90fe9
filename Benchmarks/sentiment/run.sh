#!/usr/bin/env bash
# Sentiment throughput: `pulse analyze --input FILE` against vaderSentiment 3.3.2 doing the same
# job (read the file, score every line, write one JSON object per line to /dev/null), on the
# same corpora, in the same run. Needs .build/release/pulse (swift build -c release) and
# python3 with vaderSentiment==3.3.2 (installed here if missing).
# Prints `| figure | pulse | vaderSentiment | ratio |` rows on stdout, progress on stderr (which
# also says whether both wrote byte-identical JSON lines).
set -euo pipefail
cd "$(dirname "$0")/../.."
PULSE=.build/release/pulse
[ -x "$PULSE" ] || { echo "build first: swift build -c release" >&2; exit 1; }
python3 -c 'import importlib.metadata as m; assert m.version("vaderSentiment") == "3.3.2"' 2>/dev/null \
  || python3 -m pip install --quiet vaderSentiment==3.3.2 >&2
CORES=$(nproc)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Corpora from the golden texts (line breaks inside a text become spaces; texts starting with
# '{' are left out, since both sides would read them as JSON objects):
#   posts:  texts of at most 280 characters (typical posts), 4 copies
#   golden: every golden text once, including the very long ones
python3 - "$WORK" <<'PY'
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

now() { date +%s.%N; }
# best wall time in seconds of N runs of a command
best_of() {
  local runs=$1; shift
  local best=""
  for _ in $(seq "$runs"); do
    local start end elapsed
    start=$(now); "$@" > /dev/null; end=$(now)
    elapsed=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc -l)" = 1 ]; then best=$elapsed; fi
  done
  echo "$best"
}
rate() { echo "$1 / $2" | bc -l | xargs printf "%.0f"; }

for corpus in posts golden; do
  file="$WORK/$corpus.txt"
  count=$(wc -l < "$file")
  echo "corpus $corpus: $count texts" >&2
  echo "  pulse --jobs 1 ..." >&2
  pulse_one=$(best_of 5 "$PULSE" analyze --input "$file" --jobs 1)
  echo "  pulse --jobs $CORES ..." >&2
  pulse_all=$(best_of 5 "$PULSE" analyze --input "$file" --jobs "$CORES")
  echo "  vaderSentiment, 1 process ..." >&2
  start=$(now); python3 Benchmarks/sentiment/vader_reference.py "$file" > "$WORK/reference.jsonl"; end=$(now)
  vader_one=$(echo "$end - $start" | bc -l)
  "$PULSE" analyze --input "$file" > "$WORK/pulse.jsonl"
  if cmp -s "$WORK/pulse.jsonl" "$WORK/reference.jsonl"; then
    echo "  outputs of pulse and the reference are byte-identical ($count lines)" >&2
  else
    echo "  WARNING: outputs of pulse and the reference differ" >&2
  fi
  echo "  vaderSentiment, $CORES processes ..." >&2
  vader_all=$(best_of 1 python3 Benchmarks/sentiment/vader_reference.py "$file" --processes "$CORES")
  p1=$(rate "$count" "$pulse_one"); pa=$(rate "$count" "$pulse_all")
  v1=$(rate "$count" "$vader_one"); va=$(rate "$count" "$vader_all")
  echo "| sentiment texts/s, $corpus corpus ($count texts), 1 core | $p1 | $v1 | $(echo "$p1 / $v1" | bc -l | xargs printf "%.1f")x |"
  echo "| sentiment texts/s, $corpus corpus ($count texts), $CORES cores | $pa | $va | $(echo "$pa / $va" | bc -l | xargs printf "%.1f")x |"
done

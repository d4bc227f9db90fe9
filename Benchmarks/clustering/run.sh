#!/usr/bin/env bash
# Hashtag pipeline benchmark: Pulse (extraction + trending + streaming TF-IDF/k-means) against
# scikit-learn (regex extraction + TfidfVectorizer.transform + MiniBatchKMeans.partial_fit,
# batches of 1,024) on the same demo-feed posts in the same run, plus the silhouette of both
# label sets on the same sample in the same (scikit-learn TF-IDF) space.
# Needs .build/release/pulse (swift build -c release) and python3 with scikit-learn.
# Prints `| figure | pulse | scikit-learn | ratio |` rows (no header) on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
PULSE=.build/release/pulse
POSTS=${POSTS:-200000}
K=${K:-6}
SAMPLE=${SAMPLE:-2000}
REPEAT=${REPEAT:-3}
[ -x "$PULSE" ] || { echo "missing $PULSE: run 'swift build -c release' first" >&2; exit 1; }
python3 -c "import sklearn" 2>/dev/null || { echo "scikit-learn is not installed (pip install scikit-learn)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "generating $POSTS demo posts" >&2
"$PULSE" bench-clustering --generate "$POSTS" --out "$WORK/posts.jsonl" --seed 1
echo "timing Pulse (best of $REPEAT)" >&2
"$PULSE" bench-clustering --data "$WORK/posts.jsonl" --k "$K" --sample "$SAMPLE" --repeat "$REPEAT" \
    --labels-out "$WORK/pulse_labels.txt" > "$WORK/pulse.json"
echo "timing scikit-learn (best of $REPEAT)" >&2
python3 Benchmarks/clustering/reference.py "$WORK/posts.jsonl" "$WORK/pulse_labels.txt" "$WORK/pulse.json" \
    "$K" "$SAMPLE" "$REPEAT" > "$WORK/reference.json"

python3 - "$WORK/reference.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def row(figure, pulse, peer, digits):
    ratio = pulse / peer if peer else float("nan")
    print(f"| {figure} | {pulse:.{digits}f} | {peer:.{digits}f} | {ratio:.2f}x |")
n = f"{r['posts']:,} demo posts, scikit-learn {r['sklearn_version']}"
row(f"hashtag pipeline posts/s: extract + trending + streaming clusters vs regex + TF-IDF + MiniBatchKMeans.partial_fit ({n})",
    r["pulse_posts_per_second"], r["posts_per_second"], 0)
row("hashtag clusters: silhouette on the same last-2,000-post sample (same TF-IDF space)",
    r["silhouette_pulse"], r["silhouette_sklearn"], 4)
row("hashtag clusters: adjusted Rand index vs latent topics, same sample", r["ari_pulse"], r["ari_sklearn"], 4)
PY

#!/usr/bin/env bash
# The command-line clients against a local release hub:
#   - posts/s that `pulse post` sustains sending a 200,000-line JSONL file in 500-post batches,
#     next to a Python http.client peer sending an equal file (other ids) the same way;
#   - lines/s that `pulse subscribe` prints: live under a 20,000 posts/s demo feed (bounded by
#     the 10 ms push tick), and as fast as it can when it recovers a backlog of deltas from the
#     hub's history ring with --since (stdout to a file, to check the count), next to a Python
#     websocket-client peer doing the same recovery (writing to /dev/null).
# Prints table rows: figure | Pulse | peer | ratio. Takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release/pulse
work=$(mktemp -d)
log=$work/serve.log
PULSE_PUSH_HISTORY_SIZE=100000 PULSE_PUSH_HISTORY_BYTES=$((8 << 30)) $bin serve --port 0 --tick-ms 10 --data-dir "$work/data" 2> "$log" &
pid=$!
sub=""
trap 'kill $pid $sub 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.05; done
port=$(grep -o 'listening on http://[^ ]*' "$log" | sed 's/.*://')
url=http://127.0.0.1:$port
now() { date +%s.%N; }
ratio() { python3 -c "print(f'{$1/$2:.2f}x')"; }

echo "generating 2 x 200,000 posts" >&2
python3 - "$work" <<'PY'
import json, sys
words = ["great", "terrible", "new", "gpu", "match", "rain", "market", "song", "pasta", "not", "very", "but"]
for name, prefix in (("pulse.jsonl", "p"), ("peer.jsonl", "q")):
    with open(f"{sys.argv[1]}/{name}", "w") as out:
        for i in range(200_000):
            text = " ".join(words[(i * 7 + k) % len(words)] for k in range(12)) + f" #tag{i % 40}"
            out.write(json.dumps({"id": f"{prefix}{i}", "text": text, "author": f"user{i % 500}",
                                  "likes": i % 17, "followers": i % 1000}) + "\n")
PY

# Posting, alone on the hub: pulse post, then the Python peer with the other file.
start=$(now)
$bin post "$url" "$work/pulse.jsonl" > "$work/post.json" 2> "$work/post.err"
end=$(now)
pulse_posts=$(python3 -c "import json; r=json.load(open('$work/post.json')); assert r['accepted']==200000, r; print(int(r['accepted']/($end-$start)))")
peer_posts=$(python3 Benchmarks/cli/peer.py post "$url" "$work/peer.jsonl" 500)
echo "| pulse post, 200k posts in 500-post NDJSON batches (posts/s) | $pulse_posts | $peer_posts (Python http.client) | $(ratio "$pulse_posts" "$peer_posts") |"

# Live: a subscriber to every topic while the demo feed posts 20,000 posts/s for 10 s. The hub
# publishes at most one delta per tick (fewer when a tick overruns); the peer column is what it
# published in the window, so the ratio says whether the subscriber printed every one.
offset_now() { curl -s "$url/api/state" | python3 -c "import json,sys; print(json.load(sys.stdin)['offset'])"; }
$bin subscribe "ws://127.0.0.1:$port/ws" > "$work/live.out" 2> "$work/live.err" &
sub=$!
sleep 0.5
first_offset=$(offset_now)
start=$(now)
$bin post "$url" --demo 200000 --rate 20000 > "$work/demo.json" 2> "$work/demo.err"
end=$(now)
last_offset=$(offset_now)
sleep 0.3
kill -INT $sub; wait $sub || true; sub=""
printed=$(python3 -c "import json; print(sum(1 for l in open('$work/live.out') if '\"op\":\"delta\"' in l[:30] and $first_offset < json.loads(l)['offset'] <= $last_offset))")
live_lines=$(python3 -c "print(round($printed / ($end - $start), 1))")
published=$(python3 -c "print(round(($last_offset - $first_offset) / ($end - $start), 1))")
echo "| pulse subscribe, live, all topics, 20k posts/s, 10 ms tick (deltas printed/s; peer: published/s) | $live_lines | $published (hub) | $(ratio "$live_lines" "$published") |"

# A longer backlog of deltas: one post per request, 100 requests/s for 20 s (about a delta each).
echo "building a backlog of deltas (20 s)" >&2
$bin post "$url" --demo 2000 --rate 100 --batch 1 --demo-seed 7 > /dev/null 2> "$work/trickle.err"

# Backlog: every delta so far is in the history ring; recover them all from offset 0, as fast
# as the client prints them: small lines (sentiment, trending), then big ones (posts too).
read -r epoch offset <<< "$(curl -s "$url/api/state" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['epoch'], d['offset'])")"
# Process start, connect and subscribe are timed alone (recovering one delta) and subtracted.
for topics in sentiment,trending posts,sentiment; do
    echo "recovering $offset deltas of epoch $epoch, topics $topics" >&2
    start=$(now)
    $bin subscribe "ws://127.0.0.1:$port/ws" --topics "$topics" --since "$epoch:$((offset - 1))" --count 1 > /dev/null 2> "$work/burst.err"
    middle=$(now)
    # Bounded: a backlog the ring no longer holds whole gets a snapshot, and --count would wait on.
    timeout 120 $bin subscribe "ws://127.0.0.1:$port/ws" --topics "$topics" --since "$epoch:0" --count "$offset" > "$work/burst.out" 2> "$work/burst.err"
    end=$(now)
    test "$(grep -c '"op":"delta"' "$work/burst.out")" -eq "$offset"
    bytes=$(wc -c < "$work/burst.out")
    lines=$(python3 -c "print(int(($offset - 1) / max(1e-6, ($end - $middle) - ($middle - $start))))")
    peer=$(python3 Benchmarks/cli/peer.py subscribe "ws://127.0.0.1:$port/ws" "$epoch:0" "$offset" "$topics")
    echo "| pulse subscribe, recovering $offset deltas of $topics, $((bytes / offset)) B/line (lines/s) | $lines | $peer (Python websocket-client) | $(ratio "$lines" "$peer") |"
done

"""Client-side logic checked inside Chromium: word-cloud layout has no overlapping boxes,
the store stays bounded under a long stream of deltas, reconnect backoff has jitter and a cap."""

def run_module(page, script):
    """Runs an async script that imports the dashboard's modules; returns its result."""
    return page.execute_async_script("""
        const done = arguments[arguments.length - 1];
        (async () => { %s })().then(done, (e) => done({ error: String(e && e.stack || e) }));""" % script)


def test_word_cloud_places_words_without_overlap(page):
    result = run_module(page, """
        const { layoutWords, overlaps } = await import('/js/cloud-layout.js');
        const canvas = document.createElement('canvas');
        const ctx = canvas.getContext('2d');
        const measure = (text, size) => { ctx.font = `600 ${size}px sans-serif`;
          const m = ctx.measureText(text); return { w: Math.ceil(m.width), h: Math.ceil(size * 1.1) }; };
        const terms = Array.from({ length: 100 }, (_, i) => ({ term: `term${i}${'x'.repeat(i % 7)}`,
          weight: 100 / (1 + i), sentiment: ((i % 5) - 2) / 2 }));
        const placed = layoutWords(terms, 600, 320, measure);
        let overlapsFound = 0; let outside = 0;
        for (let i = 0; i < placed.length; i++) {
          const a = placed[i];
          if (a.x < 0 || a.y < 0 || a.x + a.w > 600 || a.y + a.h > 320) outside++;
          for (let j = i + 1; j < placed.length; j++) if (overlaps(a, placed[j])) overlapsFound++;
        }
        const sizes = placed.map((p) => p.size);
        return { count: placed.length, overlapsFound, outside, first: placed[0].term,
                 sortedBySize: sizes.every((s, i) => i === 0 || s <= sizes[i - 1]) };""")
    assert "error" not in result, result
    assert result["overlapsFound"] == 0
    assert result["outside"] == 0
    assert result["count"] >= 40, result
    assert result["first"] == "term0", "heaviest word placed first (centre)"
    assert result["sortedBySize"]


def test_word_cloud_panel_draws_pushed_terms_without_overlap(page):
    result = run_module(page, """
        const { store, panels, scheduler } = window.pulse;
        const terms = Array.from({ length: 80 }, (_, i) => ({ term: `word${i}`, weight: 80 - i, sentiment: 0 }));
        store.apply({ op: 'delta', epoch: store.epoch, offset: store.offset, time: store.time,
                      stats: store.stats, topics: { words: { terms } } });
        panels.words.render();
        const placed = panels.words.placed;
        let bad = 0;
        for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) {
          const a = placed[i], b = placed[j];
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) bad++;
        }
        return { count: placed.length, bad, emptyHidden: document.getElementById('words-empty').hidden };""")
    assert result["bad"] == 0 and result["count"] > 20 and result["emptyHidden"], result


def test_store_stays_bounded_over_a_long_stream(page):
    result = run_module(page, """
        const { Store, LIMITS } = await import('/js/store.js');
        const store = new Store();
        store.apply({ op: 'snapshot', epoch: 1, offset: 0, time: 1000, stats: {}, topics: {
          sentiment: { counts: { positive: 0, neutral: 0, negative: 0 }, mean_compound: 0, per_second: [], per_minute: [] } } });
        for (let i = 1; i <= 20000; i++) {
          const t = 1000 + i;
          store.apply({ op: 'delta', epoch: 1, offset: i, time: t, stats: { total: i }, topics: {
            sentiment: { counts: { positive: i, neutral: 2 * i, negative: i }, mean_compound: 0.1,
                         per_second: [[t - 1, 3, 0.1], [t, 1, 0.2]], per_minute: [[t - t % 60, 9, 0.1]] },
            trending: { tags: [{ tag: `t${i % 500}`, count: 3, rate: 1, velocity: i % 7, sentiment: 0 }] },
            posts: [{ id: `p${i}`, seq: i, text: 'x', hashtags: [], sentiment: { compound: 0, label: 'neutral' } }],
            alerts: { alerts: [{ id: `a${i}`, kind: 'burst', time: t, message: 'm' }] } } });
        }
        const ring = [...store.sparks.values()].every((s) => s.ring.size <= LIMITS.sparkPoints);
        return { posts: store.posts.size, perSecond: store.perSecond.points.length,
                 perMinute: store.perMinute.points.length, labels: store.labelSeries.points.length,
                 sparks: store.sparks.size, ring, alerts: store.alerts.length, newest: store.posts.last().id,
                 lastLabel: store.labelSeries.points.at(-1), LIMITS };""")
    limits = result["LIMITS"]
    assert result["posts"] == limits["posts"] and result["newest"] == "p20000"
    assert result["perSecond"] == limits["perSecond"]
    assert result["perMinute"] <= limits["perMinute"]
    assert result["labels"] == limits["labelBuckets"]
    assert result["lastLabel"] == [21000, 1, 2, 1], "label counts per second come from count growth"
    assert result["sparks"] <= limits["sparkTags"] and result["ring"]
    assert result["alerts"] == limits["alerts"]


def test_reconnect_backoff_grows_with_jitter_and_is_capped(page):
    result = run_module(page, """
        const { backoffDelay } = await import('/js/connection.js');
        const lows = [0, 1, 2, 3, 4, 8, 20].map((n) => backoffDelay(n, 500, 10000, () => 0));
        const highs = [0, 1, 2, 3, 4, 8, 20].map((n) => backoffDelay(n, 500, 10000, () => 0.999999));
        const random = Array.from({ length: 50 }, () => backoffDelay(3));
        return { lows, highs, distinct: new Set(random).size };""")
    assert result["lows"] == [250, 500, 1000, 2000, 4000, 5000, 5000]
    assert result["highs"] == [500, 1000, 2000, 4000, 8000, 10000, 10000]
    assert result["distinct"] > 10, "jitter spreads reconnects"


def test_series_replaces_buckets_with_the_same_start(page):
    result = run_module(page, """
        const { Series } = await import('/js/ring.js');
        const s = new Series(3);
        s.upsert([1, 1]); s.upsert([2, 1]); s.upsert([2, 5]); s.upsert([3, 1]); s.upsert([4, 1]);
        return s.points;""")
    assert result == [[2, 5], [3, 1], [4, 1]]

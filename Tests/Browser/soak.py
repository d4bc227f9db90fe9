#!/usr/bin/env python3
"""Soak check (not part of `make test`): keeps the dashboard open for N minutes under the demo
feed (plus, every 10 s, fresh sample values of the topics the hub does not compute yet, in the
shapes of PROTOCOL.md, so every panel is exercised) and samples the page's JS heap once a minute after forcing a full GC through the DevTools
protocol (HeapProfiler.collectGarbage, then Runtime.getHeapUsage and performance.memory).
Fails (exit 1) if the heap after GC ever exceeds --bound-mb, or if the mean of the last three
samples exceeds the mean of the first three by more than --growth-mb (single samples move by a few
hundred KB either way with what is in flight, so trends are compared, not single points).

    python3 Tests/Browser/soak.py --minutes 10 --rate 50
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from protocol_samples import inject_script, sample_topics  # noqa: E402
from pulse_harness import PulseServer, chromium, severe_logs, wait_for  # noqa: E402

MB = 1024 * 1024


def heap_after_gc(driver):
    driver.execute_cdp_cmd("HeapProfiler.enable", {})
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
    usage = driver.execute_cdp_cmd("Runtime.getHeapUsage", {})
    memory = driver.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : null")
    state = driver.execute_script("""const s = window.pulse.store;
        return { posts: s.posts.size, perSecond: s.perSecond.points.length, sparks: s.sparks.size,
                 updates: s.updates, feed: document.querySelectorAll('#feed li').length,
                 nodes: document.getElementsByTagName('*').length, timing: window.pulse.scheduler.timing };""")
    driver.execute_script("window.pulse.scheduler.timing = { frames: 0, totalMs: 0, maxMs: 0 }")
    return usage["usedSize"], memory, state


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="how long the page stays open (default 10)")
    parser.add_argument("--rate", type=float, default=50, help="demo posts per second (default 50)")
    parser.add_argument("--bound-mb", type=float, default=8, help="most JS heap after GC, MB (default 8)")
    parser.add_argument("--growth-mb", type=float, default=1, help="most growth, first three → last three samples, MB (default 1)")
    args = parser.parse_args()

    hub = PulseServer(["--demo", "--demo-rate", str(args.rate)]).start()
    driver = chromium(1600, 1200)
    samples = []
    try:
        driver.get(hub.url + "/")
        wait_for(lambda: driver.find_element("id", "connection").get_attribute("data-state") == "live", what="live")
        live_topics = set(hub.request("GET", "/api/state")[1]["topics"])
        seed = 0

        def refresh_samples():
            nonlocal seed
            seed += 1
            extra = {k: v for k, v in sample_topics(seed).items() if k not in live_topics}
            if extra:
                driver.execute_script(inject_script(), extra)

        refresh_samples()
        time.sleep(5)
        start = time.time()
        minute = 0
        while True:
            used, memory, state = heap_after_gc(driver)
            timing = state["timing"]
            mean_ms = timing["totalMs"] / max(1, timing["frames"])
            samples.append(used)
            print(f"minute {minute:4.1f}: heap after GC {used / MB:6.2f} MB (performance.memory "
                  f"{(memory or 0) / MB:6.2f} MB) updates {state['updates']} posts {state['posts']} "
                  f"feed items {state['feed']} DOM nodes {state['nodes']} sparkline tags {state['sparks']}; "
                  f"render frames {timing['frames']} mean {mean_ms:.2f} ms max {timing['maxMs']:.1f} ms", flush=True)
            if time.time() - start >= args.minutes * 60:
                break
            minute += 1
            while time.time() < start + minute * 60:
                time.sleep(min(10, max(0, start + minute * 60 - time.time())))
                refresh_samples()
        errors = severe_logs(driver)
    finally:
        driver.quit()
        hub.close()

    peak = max(samples) / MB
    window = min(3, len(samples) // 2) or 1
    growth = (sum(samples[-window:]) - sum(samples[:window])) / window / MB
    print(f"peak {peak:.2f} MB (bound {args.bound_mb} MB), growth {growth:+.2f} MB (bound {args.growth_mb} MB), "
          f"console errors {len(errors)}")
    ok = peak <= args.bound_mb and growth <= args.growth_mb and not errors
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

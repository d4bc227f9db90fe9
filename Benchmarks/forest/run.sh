#!/usr/bin/env bash
# Random forest: Pulse against scikit-learn's RandomForestRegressor on the same data in the same
# run: 80,000 training rows x 6 features (Friedman #1 with noise), 20,000 test rows, 100 trees,
# scikit-learn's defaults (full depth, all features, bootstrap). Training seconds on one core
# (Pulse pinned with taskset, scikit-learn n_jobs=1) and on all cores (n_jobs=-1), test MSE, and
# predictions per second for full-depth trees and for depth-8 trees (the demo model's shape).
# Prints table rows: figure | Pulse | scikit-learn | ratio. Expects .build/release/pulse.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/.build/release/pulse
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY' >&2
import sys, numpy as np
rng = np.random.default_rng(7)
n = 100_000
X = rng.random((n, 6))
y = 10*np.sin(np.pi*X[:, 0]*X[:, 1]) + 20*(X[:, 2]-0.5)**2 + 10*X[:, 3] + 5*X[:, 4] + rng.normal(0, 1, n)
for name, part in (("train", slice(0, 80_000)), ("test", slice(80_000, n))):
    np.savetxt(f"{sys.argv[1]}/{name}.csv", np.column_stack([X[part], y[part]]), delimiter=",",
               header="x0,x1,x2,x3,x4,x5,y", comments="", fmt="%.17g")
print("data written", file=sys.stderr)
PY

train() {  # $1 = grid, rest = prefix command (e.g. taskset -c 0)
  local grid=$1; shift
  "$@" "$bin" train --data "$work/train.csv" --test-data "$work/test.csv" --target y \
    --features x0,x1,x2,x3,x4,x5 --cv 0 --seed 0 --grid "$grid" --timing
}
echo "pulse: one core" >&2
train n_estimators=100 taskset -c 0 > "$work/pulse1.json"
echo "pulse: all cores" >&2
train n_estimators=100 > "$work/pulse.json"
echo "pulse: depth 8" >&2
train "n_estimators=100;max_depth=8" > "$work/pulse8.json"

python3 - "$work" "$bin" <<'PY'
import json, resource, subprocess, sys, time, numpy as np
from sklearn.ensemble import RandomForestRegressor
work = sys.argv[1]
train = np.loadtxt(f"{work}/train.csv", delimiter=",", skiprows=1)
test = np.loadtxt(f"{work}/test.csv", delimiter=",", skiprows=1)
Xtr, ytr, Xte, yte = train[:, :6], train[:, 6], test[:, :6], test[:, 6]
pulse1, pulse, pulse8 = (json.load(open(f"{work}/{name}.json")) for name in ("pulse1", "pulse", "pulse8"))

# CPU seconds of a whole `pulse train` run (all threads, CSV reading and preprocessing included),
# which other processes on a busy machine distort less than wall-clock time.
print("pulse: CPU time", file=sys.stderr)
before = resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run([sys.argv[2], "train", "--data", f"{work}/train.csv", "--test-data", f"{work}/test.csv", "--target", "y",
                "--features", "x0,x1,x2,x3,x4,x5", "--cv", "0", "--seed", "0", "--grid", "n_estimators=100"],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
pulse_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def fit(jobs, depth=None):
    model = RandomForestRegressor(n_estimators=100, max_depth=depth, n_jobs=jobs, random_state=0)
    start, cpu = time.perf_counter(), time.process_time()
    model.fit(Xtr, ytr)
    global sklearn_cpu
    sklearn_cpu = time.process_time() - cpu
    return model, time.perf_counter() - start

def rate(model, rows):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < 1.0:
        model.predict(rows)
        done += len(rows)
    return done / (time.perf_counter() - start)

print("scikit-learn: n_jobs=1", file=sys.stderr)
one, one_seconds = fit(1)
one_cpu = sklearn_cpu
mse = float(np.mean((one.predict(Xte) - yte) ** 2))
print("scikit-learn: n_jobs=-1", file=sys.stderr)
every, every_seconds = fit(-1)
print("scikit-learn: depth 8", file=sys.stderr)
eight, _ = fit(-1, depth=8)
batch = rate(every, Xte)
one.set_params(n_jobs=1)
single = rate(one, Xte[:1])
batch8 = rate(eight, Xte)

def row(figure, mine, theirs, digits=2, lower_is_better=False):
    ratio = theirs / mine if lower_is_better else mine / theirs  # > 1: Pulse is better
    print(f"| forest: {figure} | {mine:.{digits}f} | {theirs:.{digits}f} | {ratio:.2f}x |")

row("train 100 trees, 80k x 6, CPU seconds (Pulse: whole run; sklearn: fit, n_jobs=1)", pulse_cpu, one_cpu, lower_is_better=True)
row("train 100 trees, 80k x 6, one core (s)", pulse1["final_fit_seconds"], one_seconds, lower_is_better=True)
row("train 100 trees, 80k x 6, all cores (s)", pulse["final_fit_seconds"], every_seconds, lower_is_better=True)
row("test MSE, same data and parameters", pulse["test"]["mse"], mse, 4, lower_is_better=True)
row("predictions/s, 100 full-depth trees, batch all cores", pulse["timing"]["batch_rows_per_second"], batch, 0)
row("predictions/s, 100 full-depth trees, one row at a time", pulse["timing"]["single_rows_per_second"], single, 0)
row("predictions/s, 100 trees depth 8, batch all cores", pulse8["timing"]["batch_rows_per_second"], batch8, 0)
row("predictions/s, 100 trees depth 8, one row at a time", pulse8["timing"]["single_rows_per_second"], rate(eight.set_params(n_jobs=1), Xte[:1]), 0)
aim = 1_000_000
for key, figure in (("batch_rows_per_second", "batch all cores"),
                    ("batch_rows_per_cpu_second_one_thread", "batch, per CPU-second of one thread"),
                    ("single_rows_per_cpu_second", "one row at a time, per CPU-second")):
    value = pulse8["timing"][key]
    print(f"| forest: predictions/s, 100 trees depth 8, {figure} | {value:.0f} | aim {aim} | {value / aim:.2f}x |")
PY

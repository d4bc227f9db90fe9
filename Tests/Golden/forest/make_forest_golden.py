#!/usr/bin/env python3
"""Makes the scikit-learn golden data for Pulse's regression tree and random forest.

Writes, next to this script:
  tree_train.csv, tree_test.csv   Friedman #1 data whose features are distinct multiples of 1/1024
                                  (exact in float32, so scikit-learn's float32 copy loses nothing)
  tree_expected.json              DecisionTreeRegressor predictions for the test and train rows,
                                  for each parameter set, after checking that no node's chosen
                                  partition could also be made by another feature (no tied splits)
  forest_train.csv, forest_test.csv
  forest_expected.json            RandomForestRegressor test MSE for seeds 0..4 per parameter set
Run: python3 make_forest_golden.py
"""
import json, os, subprocess, sys

VERSION = "1.9.1"
subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"scikit-learn=={VERSION}"], check=True)

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_squared_error
from sklearn.tree import DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = [f"x{i}" for i in range(6)]


def friedman(rng, n, distinct):
    if distinct:
        X = np.column_stack([rng.choice(1024 * 8, size=n, replace=False) / 8192.0 for _ in FEATURES])
    else:
        X = rng.random((n, len(FEATURES)))
    y = (10 * np.sin(np.pi * X[:, 0] * X[:, 1]) + 20 * (X[:, 2] - 0.5) ** 2
         + 10 * X[:, 3] + 5 * X[:, 4] + rng.normal(0, 1.0, n))
    return X, y


def write_csv(name, X, y):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join(FEATURES + ["y"]) + "\n")
        for row, target in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(target)) + "\n")


def has_tied_split(tree, X):
    """True when some node's left/right partition can also be made by another feature."""
    t = tree.tree_
    paths = tree.decision_path(X.astype(np.float32)).tocsc()
    for node in range(t.node_count):
        if t.children_left[node] < 0:
            continue
        rows = paths[:, node].nonzero()[0]
        left = X[rows, t.feature[node]] <= t.threshold[node]
        for other in range(X.shape[1]):
            if other == t.feature[node]:
                continue
            values = X[rows, other]
            if values[left].max() < values[~left].min():
                return True
    return False


TREE_PARAMS = [
    {"min_samples_leaf": 5},
    {"max_depth": 6, "min_samples_split": 10},
]
FOREST_PARAMS = [
    {"n_estimators": 50},
    {"n_estimators": 50, "max_depth": 8, "max_features": "sqrt", "min_samples_split": 5},
]


def main():
    rng = np.random.default_rng(20261125)
    while True:
        X, y = friedman(rng, 800, distinct=True)
        Xtr, ytr, Xte = X[:600], y[:600], X[600:]
        fitted = [DecisionTreeRegressor(random_state=0, **p).fit(Xtr, ytr) for p in TREE_PARAMS]
        if not any(has_tied_split(tree, Xtr) for tree in fitted):
            break
    write_csv("tree_train.csv", Xtr, ytr)
    write_csv("tree_test.csv", Xte, y[600:])
    cases = []
    for params, tree in zip(TREE_PARAMS, fitted):
        cases.append({"params": params, "node_count": int(tree.tree_.node_count),
                      "test_predictions": [float(v) for v in tree.predict(Xte)],
                      "train_predictions": [float(v) for v in tree.predict(Xtr)],
                      "feature_importances": [float(v) for v in tree.feature_importances_]})
    with open(os.path.join(HERE, "tree_expected.json"), "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, f, indent=1)

    X, y = friedman(rng, 3000, distinct=False)
    write_csv("forest_train.csv", X[:2000], y[:2000])
    write_csv("forest_test.csv", X[2000:], y[2000:])
    cases = []
    for params in FOREST_PARAMS:
        mses = []
        for seed in range(5):
            model = RandomForestRegressor(random_state=seed, n_jobs=-1, **params).fit(X[:2000], y[:2000])
            mses.append(float(mean_squared_error(y[2000:], model.predict(X[2000:]))))
        cases.append({"params": params, "test_mse_per_seed": mses, "mean_test_mse": float(np.mean(mses))})
        print(params, np.mean(mses), file=sys.stderr)
    with open(os.path.join(HERE, "forest_expected.json"), "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "seeds": list(range(5)), "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()

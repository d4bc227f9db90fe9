"""Deterministic topic values in the shapes documented in PROTOCOL.md for the topics the hub is
still being wired for (words, clusters, engagement, correlation, alerts, trending with velocity,
sentiment by hashtag). The tests push them through the page's real message path to check that
every panel renders them."""
import math
import random


def sample_topics(seed=7):
    rng = random.Random(seed)
    words = ["release", "gpu", "model", "match", "goal", "climate", "solar", "market", "stocks", "album",
             "concert", "recipe", "pasta", "training", "dataset", "inflation", "rally", "festival", "tour",
             "emissions", "wind", "striker", "coach", "bitcoin", "chef", "vegan", "benchmark", "launch"]
    terms = [{"term": w, "weight": round(60 / (1 + i * 0.35), 2), "sentiment": round(rng.uniform(-0.8, 0.8), 2)}
             for i, w in enumerate(words * 3) if i < 80]
    for i, t in enumerate(terms):
        t["term"] = t["term"] if i < len(words) else f"{t['term']}{i // len(words)}"
    labels = ["ai machinelearning llm", "football worldcup nba", "climate solar renewables",
              "stocks bitcoin fintech", "music concert festival", "food recipe streetfood"]
    sizes = [120.5, 96.0, 80.2, 64.0, 51.3, 40.0]
    total = sum(sizes)
    clusters = {"k": 6, "silhouette": 0.41, "clusters": [
        {"id": i, "size": s, "share": round(s / total, 4), "label": labels[i], "top_terms": labels[i].split() + ["news", "today"]}
        for i, s in enumerate(sizes)]}
    pairs = []
    for _ in range(150):
        actual = rng.lognormvariate(3, 0.8)
        pairs.append([round(actual * rng.uniform(0.7, 1.3), 2), round(actual, 2)])
    model = {"version": 3, "target": "likes", "features": ["followers", "shares", "comments", "hashtag_count", "compound", "length"],
             "test": {"mse": 84.2, "mae": 6.1, "r2": 0.78},
             "cv": {"folds": [88.0, 79.5, 91.2, 83.3, 80.1], "mean_mse": 84.4},
             "best_params": {"n_estimators": 100, "max_depth": 8},
             "grid": [{"params": {"n_estimators": n, "max_depth": d}, "mean_mse": round(120 - n / 10 - d * 2 + rng.uniform(0, 3), 2)}
                      for n in (50, 100) for d in (4, 8, 12)],
             "feature_importances": [{"feature": f, "importance": v} for f, v in
                                     zip(["followers", "shares", "comments", "hashtag_count", "compound", "length"],
                                         [0.52, 0.18, 0.12, 0.08, 0.06, 0.04])],
             "predicted_vs_actual": pairs}
    engagement = {"model": model, "predictions": {"count": 5120, "histogram": {"edges": [0, 10, 20, 40], "counts": [300, 200, 90]}},
                  "rolling": {"n": 500, "mae": 6.8, "mse": 90.3}, "recent": []}
    fields = ["followers", "likes", "shares", "comments", "compound", "length"]
    latent = [[rng.gauss(0, 1) for _ in range(3)] for _ in fields]
    norms = [math.sqrt(sum(x * x for x in v)) for v in latent]
    matrix = [[round(sum(a * b for a, b in zip(latent[i], latent[j])) / (norms[i] * norms[j]), 3) for j in range(6)] for i in range(6)]
    alerts = {"alerts": [
        {"id": "a-2", "kind": "sentiment_shift", "time": 1795600300.0, "message": "#climate turned negative: mean -0.41 (was 0.12)",
         "tag": "climate", "numbers": {"mean_before": 0.12, "mean_after": -0.41, "posts": 84}, "cooccurring": ["solar"], "samples": ["p1", "p2"]},
        {"id": "a-1", "kind": "burst", "time": 1795600200.0, "message": "#ai is bursting: velocity 4.2 (threshold 3)",
         "tag": "ai", "numbers": {"velocity": 4.2, "threshold": 3}, "cooccurring": ["llm", "gpu"], "samples": ["p3"]}]}
    return {"words": {"terms": terms}, "clusters": clusters, "engagement": engagement,
            "correlation": {"fields": fields, "matrix": matrix}, "alerts": alerts}


def inject_script():
    """JS that applies `arguments[0]` (topics) to the page's store without moving its offset,
    then renders every panel: the page keeps following the live feed afterwards."""
    return """
      const { store, scheduler } = window.pulse;
      store.apply({ op: 'delta', epoch: store.epoch, offset: store.offset, time: store.time,
                    stats: store.stats, topics: arguments[0] });
      scheduler.markAll();"""

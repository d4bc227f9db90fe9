"""Ingest peer: the original pipeline's shape in Python, written for Benchmarks/hub/run.sh.

A Flask app with POST /api/posts taking one post object or a JSON array of posts, like Pulse.
Each request: validate, score every post with vaderSentiment (compound and label, Pulse's
thresholds) and a scikit-learn RandomForestRegressor predicting likes (50 trees, depth 8,
the shape of Pulse's default engagement model, trained at start-up on seeded synthetic posts),
keep counts (total, per label, per hashtag, duplicate ids), append the scored posts to a
JSON-lines log and fsync it before answering 202 (a durable acknowledgement, like Pulse's
`--fsync batch`, but one fsync per request). Served by gunicorn (see run.sh); every worker
keeps its own counts and its own log file under PEER_DATA_DIR.
"""
import json
import os
import re
from collections import Counter

import numpy as np
from flask import Flask, jsonify, request
from sklearn.ensemble import RandomForestRegressor
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

HASHTAG = re.compile(r"#(\w+)")


def train_engagement_model():
    """likes from followers, text length, hashtag count, hour of day; seeded synthetic rows."""
    rng = np.random.default_rng(42)
    n = 5000
    followers = rng.lognormal(6, 1.5, n)
    length = rng.integers(10, 280, n)
    tags = rng.integers(0, 5, n)
    hour = rng.integers(0, 24, n)
    likes = 0.02 * followers + 0.05 * length + 3 * tags + 2 * np.sin(hour / 24 * 2 * np.pi) + rng.normal(0, 2, n)
    model = RandomForestRegressor(n_estimators=50, max_depth=8, random_state=0)
    model.fit(np.column_stack([followers, length, tags, hour]), likes)
    return model


app = Flask(__name__)
analyzer = SentimentIntensityAnalyzer()
model = train_engagement_model()
counts = {"total": 0, "duplicates": 0, "labels": Counter(), "hashtags": Counter()}
seen_ids = set()
log_file = None


def open_log():
    global log_file
    if log_file is None:
        directory = os.environ.get("PEER_DATA_DIR", ".")
        log_file = open(os.path.join(directory, f"posts-{os.getpid()}.jsonl"), "ab")
    return log_file


def label(compound):
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


@app.post("/api/posts")
def ingest():
    body = request.get_json(silent=True)
    posts = body if isinstance(body, list) else [body]
    for index, post in enumerate(posts):
        if not isinstance(post, dict) or not isinstance(post.get("text"), str) or not post["text"].strip():
            return jsonify(error="invalid_post", index=index, field="text"), 400
    fresh = []
    for post in posts:
        if "id" in post and post["id"] in seen_ids:
            counts["duplicates"] += 1
            continue
        seen_ids.add(post.get("id"))
        fresh.append(post)
    features = np.array([[float(p.get("followers", 0)), len(p["text"]), len(HASHTAG.findall(p["text"])), 12]
                         for p in fresh]).reshape(-1, 4)
    predictions = model.predict(features) if fresh else []
    lines = []
    for post, predicted in zip(fresh, predictions):
        compound = analyzer.polarity_scores(post["text"])["compound"]
        counts["labels"][label(compound)] += 1
        counts["hashtags"].update(tag.lower() for tag in HASHTAG.findall(post["text"]))
        lines.append(json.dumps({"post": post, "compound": compound, "predicted_likes": float(predicted)}))
    counts["total"] += len(fresh)
    log = open_log()
    if lines:
        log.write(("\n".join(lines) + "\n").encode())
    log.flush()
    os.fsync(log.fileno())
    return jsonify(accepted=len(fresh), duplicates=len(posts) - len(fresh), offset=counts["total"]), 202


@app.get("/readyz")
def ready():
    return jsonify(ready=True)

#!/usr/bin/env python3
"""Makes the clustering golden files for Pulse from scikit-learn.

Writes, next to this script:
  fixture_posts.csv    a synthetic hashtag data set (id, Text, Hashtags, topic) with Unicode tags
  tfidf.json           TfidfVectorizer() defaults on the Hashtags column: vocabulary, idf, rows
  silhouette.json      silhouette_score on that matrix for given labelings (incl. a size-1 cluster)
  kmeans.json          KMeans(k, n_init=10, random_state=0) silhouette and inertia for several k

Run: python3 make_clustering_golden.py   (installs the pinned scikit-learn first)
"""
import csv
import json
import os
import random
import subprocess
import sys

SKLEARN_VERSION = "1.9.1"
subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"scikit-learn=={SKLEARN_VERSION}"], check=True)

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import silhouette_score  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOPICS = [
    ["#AI", "#MachineLearning", "#DeepLearning", "#DataScience", "#LLM", "#ai2025", "#neural_nets"],
    ["#Football", "#WorldCup", "#NBA", "#Olympics", "#Marathon", "#ChampionsLeague"],
    ["#Climate", "#ClimateChange", "#Renewables", "#SolarPower", "#NetZero", "#Sustainability"],
    ["#Café", "#Straße", "#München", "#Über", "#naïve", "#Crème_brûlée"],
    ["#日本", "#東京", "#ラーメン", "#Ελλάδα", "#Αθήνα", "#Москва", "#Κόσμος", "#İstanbul"],
    ["#Crypto", "#Bitcoin", "#Stocks", "#Investing", "#FinTech", "#Web3"],
]
GENERIC = ["#news", "#trending", "#MondayMotivation", "#x", "#a1"]


def make_posts(count, rng):
    posts = []
    for index in range(count):
        topic = rng.randrange(len(TOPICS))
        tags = rng.sample(TOPICS[topic], rng.randint(1, 4))
        if rng.random() < 0.15:
            tags.append(rng.choice(TOPICS[rng.randrange(len(TOPICS))]))
        if rng.random() < 0.08:
            tags.append(rng.choice(GENERIC))
        if rng.random() < 0.03:
            tags = ["#x"]  # a one-letter tag only: an empty TF-IDF row
        tags = [t if rng.random() < 0.7 else t.upper() if rng.random() < 0.5 else t.lower() for t in tags]
        posts.append({"id": f"p{index}", "Text": "post " + " ".join(tags), "Hashtags": " ".join(tags), "topic": topic})
    return posts


def sparse_rows(matrix):
    matrix = matrix.tocsr()
    matrix.sort_indices()
    return [
        [[int(c), float(v)] for c, v in zip(matrix.indices[s:e], matrix.data[s:e])]
        for s, e in zip(matrix.indptr[:-1], matrix.indptr[1:])
    ]


def main():
    rng = random.Random(20261125)
    posts = make_posts(400, rng)
    with open(os.path.join(HERE, "fixture_posts.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "Text", "Hashtags", "topic"], quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(posts)
    documents = [p["Hashtags"] for p in posts]

    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(documents)
    with open(os.path.join(HERE, "tfidf.json"), "w", encoding="utf-8") as handle:
        json.dump({
            "sklearn_version": sklearn.__version__,
            "documents": documents,
            "vocabulary": [str(t) for t in vectorizer.get_feature_names_out()],
            "idf": [float(v) for v in vectorizer.idf_],
            "rows": sparse_rows(matrix),
        }, handle, ensure_ascii=False, indent=0)

    cases = []
    for name, labels in [
        ("topics", [p["topic"] for p in posts]),
        ("kmeans_k4_one_init", KMeans(n_clusters=4, n_init=1, random_state=1).fit_predict(matrix).tolist()),
        ("modulo_7", [i % 7 for i in range(len(posts))]),
        ("with_singleton", [0 if i == 5 else 1 + p["topic"] for i, p in enumerate(posts)]),
    ]:
        cases.append({"name": name, "labels": [int(x) for x in labels],
                      "score": float(silhouette_score(matrix, labels))})
    with open(os.path.join(HERE, "silhouette.json"), "w", encoding="utf-8") as handle:
        json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, handle, indent=0)

    runs = []
    for k in (4, 6, 8):
        model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(matrix)
        runs.append({"k": k, "n_init": 10, "random_state": 0, "inertia": float(model.inertia_),
                     "silhouette": float(silhouette_score(matrix, model.labels_))})
    with open(os.path.join(HERE, "kmeans.json"), "w", encoding="utf-8") as handle:
        json.dump({"sklearn_version": sklearn.__version__, "runs": runs}, handle, indent=1)
    print(json.dumps(runs), file=sys.stderr)


if __name__ == "__main__":
    main()

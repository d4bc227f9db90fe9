#!/usr/bin/env python3
"""Makes kmeans_seeds.json: scikit-learn's KMeans inertia on a hard hashtag fixture for ten seeds.

The fixture imitates a small Instagram export (about 120 posts): five overlapping themes whose
tag pools share tags (travel/food, fitness/food, fashion/travel, ...), popular generic tags on
many posts, and one-off tags, so k-means with k = 5 has many local optima. For n_init in (1, 10)
and random_state 0..9 it records KMeans(n_clusters=5, n_init=N, random_state=S).fit(TfidfVectorizer()
.fit_transform(hashtags)).inertia_, with the iterations each run took.

Run: python3 make_kmeans_seeds_golden.py   (installs the pinned scikit-learn first)
"""
import json
import os
import random
import subprocess
import sys

SKLEARN_VERSION = "1.9.1"
subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"scikit-learn=={SKLEARN_VERSION}"], check=True)

import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
THEMES = [
    ["#travel", "#wanderlust", "#beach", "#sunset", "#roadtrip", "#travelgram", "#foodie", "#ootd"],
    ["#food", "#foodie", "#brunch", "#vegan", "#homecooking", "#instafood", "#fitfood", "#travel"],
    ["#fitness", "#gym", "#workout", "#fitfood", "#running", "#yoga", "#motivation", "#healthy"],
    ["#fashion", "#ootd", "#style", "#streetstyle", "#vintage", "#beauty", "#travelgram", "#photography"],
    ["#photography", "#nature", "#landscape", "#sunset", "#naturelovers", "#hiking", "#beach", "#yoga"],
]
GENERIC = ["#love", "#instagood", "#photooftheday", "#happy", "#picoftheday"]


def make_posts(count, rng):
    posts = []
    for index in range(count):
        theme = rng.randrange(len(THEMES))
        tags = rng.sample(THEMES[theme], rng.randint(2, 5))
        if rng.random() < 0.3:
            tags.append(rng.choice(THEMES[rng.randrange(len(THEMES))]))
        tags += rng.sample(GENERIC, rng.choice([0, 0, 1, 2, 3]))
        if rng.random() < 0.2:
            tags.append(f"#oneoff{index}")
        posts.append(" ".join(dict.fromkeys(tags)))
    return posts


def main():
    documents = make_posts(119, random.Random(20261201))
    matrix = TfidfVectorizer().fit_transform(documents)
    runs = []
    for n_init in (1, 10):
        for seed in range(10):
            model = KMeans(n_clusters=5, n_init=n_init, random_state=seed).fit(matrix)
            runs.append({"n_init": n_init, "random_state": seed, "inertia": float(model.inertia_),
                         "n_iter": int(model.n_iter_)})
    with open(os.path.join(HERE, "kmeans_seeds.json"), "w", encoding="utf-8") as handle:
        json.dump({"sklearn_version": sklearn.__version__, "k": 5, "documents": documents, "runs": runs},
                  handle, indent=1)
    for n_init in (1, 10):
        values = [r["inertia"] for r in runs if r["n_init"] == n_init]
        print(f"n_init={n_init}: best {min(values):.4f} mean {sum(values) / len(values):.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()

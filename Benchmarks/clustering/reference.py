#!/usr/bin/env python3
"""scikit-learn side of Benchmarks/clustering: hashtag extraction + TfidfVectorizer transform +
MiniBatchKMeans.partial_fit over the same JSONL posts Pulse processed, then the silhouette of
both label sets on the same sample, in the same TF-IDF space.

usage: reference.py DATA.jsonl PULSE_LABELS.txt PULSE_JSON K SAMPLE REPEAT
The timed pass runs REPEAT times from a fresh state; the fastest counts.
Prints one JSON object on stdout.
"""
import json
import re
import sys
import time

import sklearn

from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, silhouette_score

TAG = re.compile(r"(?<![\w#&])#(\w+)")
BATCH = 1024
WARM_UP = 1000


def main():
    data_path, labels_path, pulse_json = sys.argv[1], sys.argv[2], sys.argv[3]
    k, sample_size, repeat = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    posts = [json.loads(line) for line in open(data_path, encoding="utf-8") if line.strip()]
    texts = [p["text"] for p in posts]

    seconds = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        documents = [" ".join(TAG.findall(text.lower())) for text in texts]
        vectorizer = TfidfVectorizer().fit(documents[:WARM_UP])
        model = MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=BATCH, n_init=3)
        for begin in range(0, len(documents), BATCH):
            model.partial_fit(vectorizer.transform(documents[begin:begin + BATCH]))
        seconds = min(seconds, time.perf_counter() - start)
        print(f"scikit-learn pass: {seconds:.2f} s", file=sys.stderr)

    sample = documents[-sample_size:]
    topics = [p["topic"] for p in posts[-sample_size:]]
    sample_matrix = TfidfVectorizer().fit(documents).transform(sample)
    sklearn_labels = model.predict(vectorizer.transform(sample)).tolist()
    pulse_labels = [int(line) for line in open(labels_path) if line.strip()]
    pulse = json.load(open(pulse_json))
    print(json.dumps({
        "posts": len(posts),
        "seconds": seconds,
        "posts_per_second": len(posts) / seconds,
        "silhouette_sklearn": float(silhouette_score(sample_matrix, sklearn_labels)),
        "silhouette_pulse": float(silhouette_score(sample_matrix, pulse_labels)),
        "ari_sklearn": adjusted_rand_score(topics, sklearn_labels),
        "ari_pulse": adjusted_rand_score(topics, pulse_labels),
        "pulse_posts_per_second": pulse["posts_per_second"],
        "sklearn_version": sklearn.__version__,
    }))


if __name__ == "__main__":
    main()

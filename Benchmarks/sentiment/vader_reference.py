#!/usr/bin/env python3
"""The reference side of Benchmarks/sentiment/run.sh: what `pulse analyze --input FILE` does,
done with vaderSentiment 3.3.2. Reads one text per line, scores it, and writes the same JSON
object per line to standard output. With --processes N > 1 the texts are scored by N worker
processes (multiprocessing, output kept in input order)."""
import argparse
import json
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

analyzer = SentimentIntensityAnalyzer()


def analyze(text):
    scores = analyzer.polarity_scores(text)
    compound = scores["compound"]
    label = "positive" if compound > 0.05 else "negative" if compound < -0.05 else "neutral"
    sentiment = {"neg": scores["neg"], "neu": scores["neu"], "pos": scores["pos"], "compound": compound, "label": label}
    return json.dumps({"text": text, "sentiment": sentiment}, ensure_ascii=False, separators=(",", ":")) + "\n"


def texts(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            line = line[:-1] if line.endswith("\n") else line
            yield line[:-1] if line.endswith("\r") else line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    out = sys.stdout
    if args.processes == 1:
        for text in texts(args.input):
            out.write(analyze(text))
    else:
        import multiprocessing
        with multiprocessing.Pool(args.processes) as pool:
            for line in pool.imap(analyze, texts(args.input), chunksize=512):
                out.write(line)


if __name__ == "__main__":
    main()

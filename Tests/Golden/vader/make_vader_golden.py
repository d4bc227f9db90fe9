#!/usr/bin/env python3
"""Makes vader_golden.jsonl: texts with the scores of vaderSentiment 3.3.2 (the reference).

Each output line is a JSON object (ASCII only, every other character \\u-escaped, so each text
survives byte for byte) with
  text      the input text
  len       its length in Unicode code points (a check that the reader kept every character)
  neg, neu, pos, compound   polarity_scores(text) exactly as the reference returns them.

Inputs: hand-picked edge cases, a corpus of generated social-media posts (fixed seed) and,
optionally, --extra FILE with one text per line (a line starting with '{' is a JSON object with
"text", as `pulse analyze --input` reads it). Texts are deduplicated, first occurrence kept.

    python3 Tests/Golden/vader/make_vader_golden.py [--extra FILE] [--generated N] [--out PATH]

The committed file was made with 4,000 demo-feed posts as extra texts:

    .build/debug/pulse demo --count 4000 --seed 7 > /tmp/demo-texts.jsonl
    python3 Tests/Golden/vader/make_vader_golden.py --extra /tmp/demo-texts.jsonl
"""
import argparse
import importlib.metadata
import json
import os
import random
import subprocess
import sys

REFERENCE = "vaderSentiment==3.3.2"


def load_reference():
    """Installs the exact reference version (if another is present) and returns its module."""
    try:
        version = importlib.metadata.version("vaderSentiment")
    except importlib.metadata.PackageNotFoundError:
        version = None
    if version != "3.3.2":
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", REFERENCE])
    import vaderSentiment.vaderSentiment as vader
    assert importlib.metadata.version("vaderSentiment") == "3.3.2"
    return vader


def edge_cases():
    """Texts chosen to exercise every rule and every tokenizing corner of the reference."""
    cases = [
        "", " ", "   ", "\t", "\n", "\r\n", "\u00a0", "\u3000", " \u2003 \u2028 ", "\u200b",
        "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
        "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
        "VADER is VERY SMART, handsome, and FUNNY!!!",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.", "The book was good.",
        "At least it isn't a horrible book.", "The book was only kind of good.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all",
        "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
        "Most automated sentiment analysis tools are shit.", "With VADER, sentiment analysis is the shit!",
        "Other sentiment analysis tools can be quite bad.", "On the other hand, VADER is quite bad ass",
        "VADER is such a badass!", "Without a doubt, excellent idea.",
        "Roger Dodger is one of the most compelling variations on this theme.",
        "Roger Dodger is at least compelling as a variation on the theme.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Not such a badass after all.", "Without a doubt, an excellent idea.",
        # contractions and apostrophes
        "isn't good", "isn’t good", "isn‘t good", "ISN'T GOOD", "Isn'T good", "it wasn't bad",
        "don't love it", "dont love it", "do n't love it", "can't stand it", "I can't stand this",
        "won't be happy", "ain't nothing wrong", "haven't been happier", "didn't hate it",
        "n't good", "'n't good", "wouldn't", "shouldn't've been good", "mightn't like it",
        # ALL CAPS
        "GOOD", "GOOD day", "GREAT GREAT great", "I HATE mondays", "I HATE MONDAYS", "NO", "NO good",
        "THE BOOK WAS GOOD", "The book was GOOD", "VERY good", "very GOOD", "VERY GOOD movie",
        "KINDA good", "kinda GOOD thing", "123 GOOD", "ÉTÉ great", "HAPPY 😀", "ĞOOD good",
        # negation windows, never so/this, without doubt, no/nor/or
        "not good", "not very good", "not the very good", "not really very good", "not a b c good",
        "never so good", "never this good", "never so very good", "so good", "this good", "x so good",
        "never good", "never really good", "never the good", "without doubt good", "without a doubt good",
        "without any doubt good", "doubt good", "no good", "no problem", "no no", "no", "no.", "no way",
        "no a good", "no a b good", "no x or good", "no x nor bad", "no x and good", "nope good",
        "nor happy", "uh-uh great", "uhuh great", "rarely happy", "seldom sad", "despite the joy",
        "nothing good", "nowhere fun", "neither happy", "none happy", "cannot win", "without love",
        # least
        "least good", "the least good", "at least good", "very least good", "at the least good",
        "least", "LEAST bad", "at least", "the least",
        # kind of / sort of / just enough
        "kind of good", "kind of", "kind", "of good", "sort of good", "x kind of good",
        "kind of a good", "just enough good", "it was just enough fun", "kindof good", "kind-of good",
        "sorta bad", "sort-of bad", "kind of sort of good",
        # idioms / special cases
        "the shit", "this is the shit", "the bomb", "that party was the bomb", "bad ass", "a bad ass car",
        "yeah right", "oh yeah right", "kiss of death", "the kiss of death", "to die for", "a cake to die for",
        "beating heart", "my beating heart", "bus stop", "at the bus stop", "cut the mustard", "break a leg",
        "under the weather", "x y z the shit", "x y the bomb", "a b c bad ass", "p q kiss of death",
        # boosters and dampeners
        "extremely good", "EXTREMELY good", "extremely bad", "EXTREMELY bad", "barely good",
        "BARELY good", "hardly bad", "slightly happy", "incredibly awful", "more happy", "most happy",
        "so so good", "very very very good", "very very very very good", "the very best",
        "really really bad", "absolutely not good", "totally not bad",
        # but
        "good but bad", "bad but good", "but", "but good", "good but", "good BUT bad", "good, but bad",
        "good but bad but good", "good good but good good", "great great great but bad bad",
        "I love it but I hate it but I love it", "good but, bad", "butter is good",
        # punctuation emphasis
        "good!", "good!!", "good!!!", "good!!!!", "good!!!!!", "good!!!!!!!!!!", "bad!!!", "good?",
        "good??", "good???", "good????", "good?????", "good?!", "good?!?!", "!!!", "???", "ok!",
        "neutral text!!!", "bad??", "? ? ? good", "! ! ! ! ! bad", "good !", "good. !",
        # emoticons and punctuation-stripping
        ":)", ":(", ":-)", ":D", ":d", "(:", ":')", "<3", "</3", ":P", ":p", "xD", "XD", ";)", ";-)",
        "=)", "(-:", ":-(", ":'(", "8)", "B)", "good :)", "bad :(", "good:)", ":)good", "((good))",
        "'good'", "\"good\"", "...good...", "good...", "!good!", "@good", "#good", "#love #hate",
        "__good__", "~good~", "**good**", "<good>", "g", "gg", "go", "ok", "lol", "LOL", "lmao",
        "a)", "(a", "!!a!!", "xo", "x-d", "x-p", "d:", "o.o", ">:(", ">:)", "'s", "''", "(( ))",
        # emoji (single code points, skin tones, variation selectors, ZWJ, flags, keycaps)
        "love it ❤️", "love it ❤", "love it❤", "❤love", "❤❤❤", "❤ ❤ ❤", "👍", "👍🏽", "👍🏿 great",
        "👎🏻 bad", "😀😃😄", "😂😂😂 lol", "😡", "I am 😡!!!", "👨‍👩‍👧", "👩🏽‍💻 coding", "🇺🇸", "🇫🇷 paris",
        "1️⃣", "#️⃣ hash", "☺️", "☺", "☹️", "☹", "☠️", "©", "®", "™", "‼", "⁉", "© 2024 good",
        "💔 heartbroken", "😍😍 so good", "good😀", "😀good", "go😀od", "😀\t😀", "😀\u00a0😀",
        "ON! arrow 🔛", "🔛", "🆙", "🆙!!", "🏳️‍🌈 pride", "🤷‍♂️", "🤣🤣", "🙂", "🙁", "🥰", "🥺",
        # unicode punctuation, whitespace and scripts
        "good…", "“good”", "«good»", "good—bad", "good–bad", "good\u00a0bad", "good\u2009bad",
        "good\u202fbad", "good\u3000bad", "good\u2028bad", "good\u0085bad", "good\x1cbad", "good\x1fbad",
        "good\u200bbad", "good\u2060bad", "good\ufeffbad", "good\x0bbad", "good\x0cbad", "good\rbad",
        "ПРИВЕТ good", "Привет мир", "ΚΑΛΗΜΕΡΑ good", "καλημέρα", "ΟΔΟΣ good", "你好 good", "好",
        "مرحبا good", "नमस्ते good", "こんにちは GOOD", "İSTANBUL good", "İyi", "ıyi", "straße GOOD",
        "STRASSE good", "ǅemal good", "ǄEMAL good", "ǆ", "ﬁne good", "ＧＯＯＤ good", "ｇｏｏｄ",
        "\u212aILL", "\u212aill it", "\u212a", "GOOD \u212a", "Å good", "ⓖⓞⓞⓓ GOOD", "ⒼⓄⓄⒹ good",
        "ᾼ good", "𝐆𝐎𝐎𝐃 good", "Ω good", "µ GOOD", "ß GOOD", "GOOD ß", "ŉ good", "N\u0303OT good",
        "café good", "cafe\u0301 good", "naïve bad", "Ⅻ GOOD", "ⅻ good", "ʰ GOOD",
        # numbers, urls, mentions
        "10/10 would recommend", "0/10 terrible", "https://example.com/good great", "@user great job",
        "RT @news: terrible news", "$100 well spent", "100% happy", "3.14 happy", "2nd best",
    ]
    long_words = ["good", "bad", "the", "very", "not", "but", "happy", "sad", "LOVE", "hate", "!", "?",
                  "kind", "of", "no", "least", "😀", "never", "so", "great", "terrible", "ok", "and"]
    rng = random.Random(7)
    for size in (100, 500, 1000, 2500, 5000):
        cases.append(" ".join(rng.choice(long_words) for _ in range(size)))
    cases.append("good " * 3000)
    cases.append("but " * 10 + "good " * 10)
    cases.append(("good but bad " * 200).strip())
    cases.append("!" * 1000 + " good")
    cases.append("x" * 10000)
    cases.append(" " * 5000 + "good" + "\t" * 5000)
    return cases


FILLER = ("i you we they it this that the a an my your our is are was were be been have has had do "
          "does did will would can could should just really so and or to of in on at for with from by "
          "about today tonight tomorrow yesterday new game movie phone app update team city weather "
          "coffee food music show episode song album season price service customer support store "
          "delivery order ticket flight train traffic work school class meeting weekend night morning "
          "people everyone anyone friend family kids dog cat news story thread post video photo "
          "release launch event concert match final score player coach fans crowd vote election "
          "policy market stock crypto deal sale product feature bug version battery screen camera").split()
OTHER_SCRIPTS = ["Привет", "ОТЛИЧНО", "Ελλάδα", "ΚΑΛΟΣ", "你好", "非常好", "مرحبا", "नमस्ते",
                 "こんにちは", "İstanbul", "straße", "ÇOK", "güzel", "Ñandú", "ǅ", "한국어", "שלום"]
SPACES = [" "] * 40 + ["  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", " \n ", "\u202f", "\u2028"]
PUNCT_AFTER = [""] * 30 + [",", ".", "!", "!!", "!!!", "?", "??", "???", "?!", "...", ":", ";", "…", ")", "'"]
PUNCT_BEFORE = [""] * 40 + ["(", "\"", "'", "#", "@", "*", "“", "..."]
NEGATIONS = ["not", "isn't", "don't", "didn't", "can't", "never", "no", "nothing", "without", "won't",
             "isn’t", "don’t", "aint", "wasnt", "nor", "hardly", "despite", "cannot", "DON'T", "NOT"]
PHRASES = ["kind of", "sort of", "at least", "the least", "very least", "never so", "never this",
           "without a doubt", "without doubt", "the shit", "the bomb", "bad ass", "yeah right",
           "kiss of death", "to die for", "beating heart", "bus stop", "just enough", "no or",
           "but", "but", "but", "BUT", "so", "this", "least", "no", "kinda"]


def generated_posts(vader, count, seed=20261125):
    """Realistic-looking posts built from the lexicon, rule words, emoji and hashtags."""
    rng = random.Random(seed)
    analyzer = vader.SentimentIntensityAnalyzer()
    lexicon = sorted(analyzer.lexicon)
    alpha_lexicon = [w for w in lexicon if w.isalpha()]
    emoticons = [w for w in lexicon if not any(c.isalpha() for c in w) and " " not in w]
    emoji = sorted(e for e in analyzer.emojis if len(e) == 1)
    multi_emoji = sorted(e for e in analyzer.emojis if len(e) > 1)
    boosters = sorted(w for w in vader.BOOSTER_DICT if " " not in w)
    skin = ["\U0001F3FB", "\U0001F3FC", "\U0001F3FD", "\U0001F3FE", "\U0001F3FF"]

    def emoji_piece():
        roll = rng.random()
        if roll < 0.6:
            return rng.choice(emoji)
        if roll < 0.75:
            return rng.choice(emoji) + rng.choice(skin)
        if roll < 0.85:
            return rng.choice(emoji) + "\ufe0f"
        if roll < 0.95:
            return rng.choice(multi_emoji)
        return rng.choice(emoji) + "\u200d" + rng.choice(emoji)

    def word():
        roll = rng.random()
        if roll < 0.38:
            piece = rng.choice(FILLER)
        elif roll < 0.62:
            piece = rng.choice(alpha_lexicon)
        elif roll < 0.68:
            piece = rng.choice(emoticons)
        elif roll < 0.76:
            piece = rng.choice(boosters)
        elif roll < 0.82:
            piece = rng.choice(NEGATIONS)
        elif roll < 0.88:
            piece = rng.choice(PHRASES)
        elif roll < 0.93:
            piece = emoji_piece()
        elif roll < 0.96:
            piece = "#" + rng.choice(alpha_lexicon + FILLER).capitalize()
        elif roll < 0.975:
            piece = "@" + rng.choice(FILLER) + str(rng.randint(1, 99))
        elif roll < 0.985:
            piece = "https://t.co/" + "".join(rng.choice("abcdefXYZ0123") for _ in range(8))
        else:
            piece = rng.choice(OTHER_SCRIPTS)
        case = rng.random()
        if case < 0.08:
            piece = piece.upper()
        elif case < 0.14:
            piece = piece.capitalize()
        return rng.choice(PUNCT_BEFORE) + piece + rng.choice(PUNCT_AFTER)

    posts = []
    for _ in range(count):
        length = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 28, 35, 50])
        parts = [word() for _ in range(length)]
        text = ""
        for part in parts:
            text += part + (rng.choice(SPACES) if rng.random() < 0.97 else "")
        if rng.random() < 0.3:
            text = text.strip()
        if rng.random() < 0.05:
            text = text.upper()
        if rng.random() < 0.15:
            text += " " + " ".join(emoji_piece() for _ in range(rng.randint(1, 3)))
        posts.append(text)
    return posts


def extra_texts(path):
    texts = []
    with open(path, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            line = line[:-1] if line.endswith("\n") else line
            if line.startswith("{"):
                texts.append(json.loads(line)["text"])
            else:
                texts.append(line)
    return texts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extra", help="file of extra texts, one per line (or JSON objects with 'text')")
    parser.add_argument("--generated", type=int, default=24000, help="number of generated posts")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "vader_golden.jsonl"))
    args = parser.parse_args()

    vader = load_reference()
    analyzer = vader.SentimentIntensityAnalyzer()
    texts = edge_cases() + generated_posts(vader, args.generated)
    if args.extra:
        texts += extra_texts(args.extra)
    seen = set()
    written = 0
    with open(args.out, "w", encoding="ascii", newline="\n") as out:
        for text in texts:
            if text in seen:
                continue
            seen.add(text)
            scores = analyzer.polarity_scores(text)
            record = {"text": text, "len": len(text), "neg": scores["neg"], "neu": scores["neu"],
                      "pos": scores["pos"], "compound": scores["compound"]}
            out.write(json.dumps(record, ensure_ascii=True) + "\n")
            written += 1
    print(f"wrote {written} texts to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

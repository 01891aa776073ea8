"""Campaign insight as plain functions: sentiment, topics and near-duplicate grouping of comments.

Everything runs offline. The sentiment model is trained at first use (well under a second) from the
labelled training set shipped in `analytics/data/sentiment_train.tsv`: character n-grams over
Arabic-normalised text, a linear classifier; nothing is downloaded. It is measured on a separate
held-out set in tests/data/analytics (see docs/analytics.md).
"""

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

from sharik.core.text import normalize_arabic

TRAINING_SET = Path(__file__).resolve().parent / "data" / "sentiment_train.tsv"
LABELS = ("positive", "neutral", "negative")
_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to label a topic (Arabic after normalisation, and English).
STOP_WORDS = {
    "و",
    "في",
    "من",
    "على",
    "الى",
    "ان",
    "عن",
    "مع",
    "هذا",
    "هذه",
    "ذلك",
    "التي",
    "الذي",
    "هو",
    "هي",
    "انا",
    "نحن",
    "لا",
    "ما",
    "هل",
    "او",
    "ثم",
    "كل",
    "قد",
    "كان",
    "يكون",
    "به",
    "بها",
    "لكم",
    "لنا",
    "فيه",
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "is",
    "are",
    "be",
    "this",
    "that",
    "it",
    "with",
    "as",
    "at",
    "by",
    "we",
    "i",
    "you",
    "they",
    "not",
    "from",
    "will",
    "would",
    "should",
    "can",
    "our",
    "your",
    "their",
    "was",
    "were",
    "have",
    "has",
}


def load_labelled(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row["text"] for row in rows], [row["label"] for row in rows]


def _prepare(text: str) -> str:
    return normalize_arabic(text)


@cache
def sentiment_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts, labels = load_labelled(TRAINING_SET)
    model = make_pipeline(
        TfidfVectorizer(preprocessor=_prepare, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        LogisticRegression(max_iter=2000, C=10),
    )
    model.fit(texts, labels)
    return model


def sentiment(texts: list[str]) -> list[str]:
    if not texts:
        return []
    return list(sentiment_model().predict(texts))


def tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(_prepare(text)) if w not in STOP_WORDS and len(w) > 1]


def topics(texts: list[str], *, max_topics: int = 5, terms: int = 5, examples: int = 2) -> list[dict]:
    """NMF on TF-IDF of normalised words; each topic: its top terms, size and representative comments."""
    if len(texts) < 4:
        return []
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None, min_df=2)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word appears twice
        return []
    n_topics = max(1, min(max_topics, matrix.shape[1], len(texts) // 3))
    nmf = NMF(n_components=n_topics, init="nndsvda", random_state=0, max_iter=500)
    weights = nmf.fit_transform(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    assignment = weights.argmax(axis=1)
    result = []
    for k, component in enumerate(nmf.components_):
        members = [i for i in range(len(texts)) if assignment[i] == k and weights[i, k] > 0]
        if not members:
            continue
        best = sorted(members, key=lambda i: -weights[i, k])[:examples]
        result.append(
            {
                "terms": [str(vocabulary[j]) for j in component.argsort()[::-1][:terms]],
                "size": len(members),
                "examples": [texts[i] for i in best],
            }
        )
    return sorted(result, key=lambda t: -t["size"])


def near_duplicate_groups(texts: list[str], *, threshold: float = 0.8, min_size: int = 2) -> list[dict]:
    """Groups of near-identical texts (MinHash over word 3-shingles of normalised text, LSH buckets).

    A form-letter campaign of 5,000 copies is one group with its count: one position, not 5,000 voices.
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    hashes = []
    for i, text in enumerate(texts):
        words = _WORD.findall(_prepare(text))
        shingles = {" ".join(words[j : j + 3]) for j in range(max(1, len(words) - 2))}
        minhash = MinHash(num_perm=64, seed=1)
        for shingle in shingles:
            minhash.update(shingle.encode("utf-8"))
        hashes.append(minhash)
        lsh.insert(str(i), minhash)
    parent = list(range(len(texts)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, minhash in enumerate(hashes):
        for other in lsh.query(minhash):
            a, b = root(i), root(int(other))
            if a != b:
                parent[b] = a
    groups = Counter(root(i) for i in range(len(texts)))
    return sorted(
        ({"text": texts[r], "count": n} for r, n in groups.items() if n >= min_size),
        key=lambda g: -g["count"],
    )

"""The opinion map's maths, as plain functions on a vote matrix (no database here).

Rows are participants, columns statements; a cell is +1 agree, -1 disagree, 0 pass or not voted.
PCA reduces the rows to two dimensions (the map); k-means groups them, with k chosen by the
silhouette score within 2..5. Every random step has a fixed seed, and group numbers are renamed
in order of first appearance, so the same data always gives the same map.
"""

from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

RANDOM_STATE = 0
K_RANGE = range(2, 6)
MIN_PARTICIPANTS = 4
MIN_STATEMENTS = 2
CONSENSUS_MIN_AGREE = 0.6  # every group agrees at least this much
DIVISIVE_MIN_SPREAD = 0.5  # the most and least agreeing groups differ at least this much


@dataclass
class OpinionGroups:
    k: int
    labels: list[int]
    coords: list[tuple[float, float]]
    silhouette: float
    consensus: list[dict] = field(default_factory=list)
    divisive: list[dict] = field(default_factory=list)


def vote_matrix(votes: list[tuple[int, int, int]]) -> tuple[list[int], list[int], np.ndarray]:
    """(participant, statement, value) triples -> sorted participant ids, statement ids, matrix."""
    people = sorted({p for p, _s, _v in votes})
    statements = sorted({s for _p, s, _v in votes})
    row = {p: i for i, p in enumerate(people)}
    col = {s: j for j, s in enumerate(statements)}
    matrix = np.zeros((len(people), len(statements)), dtype=float)
    for p, s, v in votes:
        matrix[row[p], col[s]] = v
    return people, statements, matrix


def _renumber(labels: np.ndarray) -> list[int]:
    """Group ids in order of first appearance, so equal partitions get equal numbers."""
    mapping: dict[int, int] = {}
    for label in labels:
        mapping.setdefault(int(label), len(mapping))
    return [mapping[int(label)] for label in labels]


def group_participants(matrix: np.ndarray) -> tuple[int, list[int], list[tuple[float, float]], float]:
    """PCA to two dimensions, then k-means with the k (2..5) of the best silhouette; ties: the smaller k."""
    n = matrix.shape[0]
    components = min(2, matrix.shape[1], n)
    coords = PCA(n_components=components, random_state=RANDOM_STATE).fit_transform(matrix)
    if components == 1:
        coords = np.hstack([coords, np.zeros((n, 1))])
    best: tuple[float, int, np.ndarray] | None = None
    distinct = len(np.unique(np.round(coords, 6), axis=0))
    for k in K_RANGE:
        if k >= n or k > distinct:
            break
        labels = KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(coords)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(coords, labels))
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    if best is None:
        return 1, [0] * n, [(round(float(x), 4), round(float(y), 4)) for x, y in coords], 0.0
    score, k, labels = best
    return k, _renumber(labels), [(round(float(x), 4), round(float(y), 4)) for x, y in coords], score


def statement_agreement(matrix: np.ndarray, labels: list[int]) -> np.ndarray:
    """Per group (rows) and statement (columns): the share of the group's voters who agree.

    Only people who voted agree or disagree count (a pass or no vote is no opinion); a statement
    nobody in the group voted on gets NaN.
    """
    labels_arr = np.asarray(labels)
    groups = sorted(set(labels))
    out = np.full((len(groups), matrix.shape[1]), np.nan)
    for g in groups:
        rows = matrix[labels_arr == g]
        agree = (rows > 0).sum(axis=0)
        voted = (rows != 0).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[g] = np.where(voted > 0, agree / np.maximum(voted, 1), np.nan)
    return out


def consensus_and_divisive(agreement: np.ndarray, statement_ids: list[int]) -> tuple[list[dict], list[dict]]:
    """Statements every group agrees with, and the ones the groups split on, strongest first."""
    consensus, divisive = [], []
    for j, sid in enumerate(statement_ids):
        column = agreement[:, j]
        if np.isnan(column).any():
            continue
        shares = [round(float(x), 3) for x in column]
        low, high = min(shares), max(shares)
        if low >= CONSENSUS_MIN_AGREE:
            consensus.append({"statement": sid, "agree": shares, "score": low})
        if high - low >= DIVISIVE_MIN_SPREAD:
            divisive.append({"statement": sid, "agree": shares, "score": round(high - low, 3)})
    consensus.sort(key=lambda r: (-r["score"], r["statement"]))
    divisive.sort(key=lambda r: (-r["score"], r["statement"]))
    return consensus, divisive


def opinion_groups(votes: list[tuple[int, int, int]]) -> dict | None:
    """The whole computation on (participant, statement, value) triples; None if too little data."""
    people, statements, matrix = vote_matrix(votes)
    if len(people) < MIN_PARTICIPANTS or len(statements) < MIN_STATEMENTS:
        return None
    k, labels, coords, score = group_participants(matrix)
    consensus, divisive = consensus_and_divisive(statement_agreement(matrix, labels), statements)
    sizes = [labels.count(g) for g in range(k)]
    return {
        "k": k,
        "silhouette": round(score, 4),
        "participants": len(people),
        "statements": len(statements),
        "group_sizes": sizes,
        # No names or ids leave here: the points are positions with a group number only.
        "points": [{"x": x, "y": y, "group": g} for (x, y), g in zip(coords, labels, strict=True)],
        "consensus": consensus,
        "divisive": divisive,
    }

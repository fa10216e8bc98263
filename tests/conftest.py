import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# every page rendered in the tests (in-process, the CLI's report, the server) fails on a missing field
os.environ["STORYLENS_STRICT_TEMPLATES"] = "1"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "afghanistan-2020"
EXE = ROOT / ".venv" / "bin" / "storylens"


@pytest.fixture(scope="session")
def settings():
    from storylens.config import Settings
    return Settings()


@pytest.fixture(scope="session")
def example_articles(settings):
    """The five example articles, ingested and cleaned (keyed by their three-digit prefix)."""
    from storylens.clean import clean_articles
    from storylens.ingest import ingest_paths
    arts = [a for a in ingest_paths([EXAMPLE], settings) if hasattr(a, "raw_text")]
    return {a.id[:3]: a for a in clean_articles(arts, settings)}


@pytest.fixture(scope="session")
def embedded_articles(example_articles, settings):
    from storylens import embed
    return {a.id[:3]: a for a in embed.embed_articles(list(example_articles.values()), embed.load(settings))}


@pytest.fixture(scope="session")
def analyzed_db(tmp_path_factory):
    """The main job run once through the real CLI on the example corpus."""
    import subprocess
    d = tmp_path_factory.mktemp("example")
    db, report, js = d / "ex.db", d / "ex.html", d / "ex.json"
    p = subprocess.run([str(EXE), "analyze", str(EXAMPLE), "--db", str(db), "--report", str(report), "--json", str(js)],
                       capture_output=True, text=True, timeout=600, env=dict(os.environ, NO_COLOR="1"))
    assert p.returncode == 0, p.stderr
    return {"db": db, "report": report, "json": js, "stdout": p.stdout, "stderr": p.stderr}

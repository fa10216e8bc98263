"""The package's shape holds: no module imports another module's private name (`_name`), within a
package or across; a stage reaches another package only through its public API (its __init__), never
a submodule; and stages never import the store, the report, the web app, the CLI or the pipeline."""
import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "storylens"
STAGES = {"ingest", "clean", "dedup", "embed", "cluster", "analyze"}   # text/ is shared helpers, not a stage
OUTER = {"store", "report", "web", "cli", "pipeline"}
PACKAGES = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        yield path, parts[:-1] if parts[-1] == "__init__" else parts, path.name == "__init__.py"


def _target(mod: tuple, is_package: bool, node: ast.ImportFrom) -> tuple:
    """The absolute module path (inside storylens) an import names."""
    if node.level == 0:
        names = (node.module or "").split(".")
        return tuple(names[1:]) if names[0] == "storylens" else ()
    base = mod if is_package else mod[:-1]
    base = base[:len(base) - (node.level - 1)]
    return base + tuple((node.module or "").split(".")) if node.module else base


def _violations():
    for path, mod, is_package in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        here = mod[0] if mod and mod[0] in PACKAGES else None
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _target(mod, is_package, node)
            if node.level == 0 and not target:
                continue   # a library
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    yield f"{path.relative_to(SRC)}: imports private {alias.name} from {'.'.join(target)}"
            if not target:
                continue
            other = target[0]
            if here in STAGES and other in OUTER:
                yield f"{path.relative_to(SRC)}: a stage imports {'.'.join(target)}"
            if other in STAGES | OUTER and other != here and len(target) > 1:
                yield f"{path.relative_to(SRC)}: reaches into {'.'.join(target)} (use the package's API)"


def test_no_private_or_cross_stage_imports():
    assert list(_violations()) == []


def test_the_check_catches_what_it_is_for(tmp_path):
    """The rules fire on the three kinds of import they forbid (so the test above can fail)."""
    samples = {("cluster", "graph"): "from ..dedup.translation import fold",
               ("analyze", "coverage"): "from .summary import _eligible",
               ("clean", "blocks"): "from ..store import Store"}
    for (pkg, name), line in samples.items():
        node = ast.parse(line).body[0]
        target = _target((pkg, name), False, node)
        private = any(a.name.startswith("_") for a in node.names)
        cross = target[0] != pkg and len(target) > 1
        outer = pkg in STAGES and target[0] in OUTER
        assert private or cross or outer, line

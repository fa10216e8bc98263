"""The lines of a text as the cleaner judges them and the article page shows them: each non-blank
line with its start and end offsets, surrounding white space left out."""
from __future__ import annotations

import re
from typing import Iterator

_LINE = re.compile(r"[^\n]+")


def text_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) of each line holding more than white space; text[start:end] == line."""
    for m in _LINE.finditer(text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + len(line) - len(line.lstrip())
        yield start, start + len(stripped), stripped

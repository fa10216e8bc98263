"""Bytes to text: UTF-8 first; anything else is detected (charset-normalizer) and reported as repaired."""
from __future__ import annotations

from charset_normalizer import from_bytes

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """(text, note). note says how it was repaired; text is None when the bytes are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:2] in UTF16_BOMS:   # Windows tools save "Unicode" text so
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return data.decode("utf-16", errors="replace"), "UTF-16 with bad bytes: replaced"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None, "undecodable bytes (not UTF-8 and no known encoding fits)"
    encoding = best.encoding
    # short Western texts are often misread as cp1250 & co; prefer cp1252 when it reads as well or better
    try:
        western = data.decode("cp1252")
        if _oddness(western) <= _oddness(data.decode(encoding, errors="replace")):
            encoding = "cp1252"
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("utf-8", errors="replace")
        return text, "not valid UTF-8: bad bytes replaced"
    return text, f"not UTF-8: decoded as {encoding}"


def _oddness(text: str) -> int:
    """Characters rare in running text: Latin-1 symbols (¹ ³ ¿ ...) and Latin Extended letters (ŕ č ...)."""
    return sum(1 for c in text if "\x80" <= c <= "\xbf" or "\u0100" <= c <= "\u024f" or c == "\ufffd")

"""Hostile and odd inputs: each is read with bounded work and listed with its reason, and the rest of the
input goes on. Bombs are made here (a few MB of zeros compress to a few KB); limits are lowered through
the setting so the tests stay small."""
import csv
import gzip
import io
import json

from hypothesis import given, settings as hsettings, strategies as st

from storylens.config import Settings
from storylens.ingest import ingest_paths
from storylens.model import Article, Issue
from storylens.report import article_lines
from storylens.model import ArticleView, Span

SMALL = Settings(max_file_bytes=200_000)
PROSE = "The council in Springfield approved the new parks budget on Monday, the mayor said in a statement."


def _read(folder, settings=SMALL):
    items = list(ingest_paths([folder], settings))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Issue)]


def test_a_gzip_bomb_is_listed_not_expanded(tmp_path):
    zeros = b"\0" * 5_000_000
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(zeros))
    (tmp_path / "bomb.csv.gz").write_bytes(gzip.compress(b"id,text\n" + zeros))
    (tmp_path / "bomb.json.gz").write_bytes(gzip.compress(b"[" + zeros))
    (tmp_path / "bomb.warc.gz").write_bytes(gzip.compress(zeros))
    arts, issues = _read(tmp_path)
    assert arts == []
    by_file = {i.path.rsplit("/", 1)[-1]: i.reason for i in issues}
    assert set(by_file) == {"bomb.txt.gz", "bomb.csv.gz", "bomb.json.gz", "bomb.warc.gz"}
    assert "limit" in by_file["bomb.txt.gz"] and "limit" in by_file["bomb.csv.gz"]
    assert "not a WARC file" in by_file["bomb.warc.gz"]
    assert all(len(r) < 400 for r in by_file.values())     # no bytes of the bomb in the message


def test_a_json_lines_bomb_is_stopped_and_the_lines_before_it_are_kept(tmp_path, monkeypatch):
    from storylens.ingest import bounded
    monkeypatch.setattr(bounded, "BOMB_FLOOR", 1_000_000)     # the ratio is judged past 1 MB here
    good = json.dumps({"id": "first", "text": PROSE}).encode() + b"\n"
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(good + b"\n" * 20_000_000))
    arts, issues = _read(tmp_path, Settings())
    assert [a.id for a in arts] == ["first"]
    assert any("decompression bomb" in i.reason for i in issues)


def test_a_line_over_the_limit_is_skipped_and_the_next_is_read(tmp_path):
    long_line = json.dumps({"id": "huge", "text": "word " * 100_000}).encode()
    ok = json.dumps({"id": "after", "text": PROSE}).encode()
    (tmp_path / "in.jsonl").write_bytes(long_line + b"\n" + ok + b"\n")
    arts, issues = _read(tmp_path, Settings(max_file_bytes=100_000))
    assert [a.id for a in arts] == ["after"]
    assert any(i.path.endswith(":1") and "size limit" in i.reason for i in issues)


def test_deeply_nested_json_is_one_issue_and_the_next_line_is_read(tmp_path):
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", "text": PROSE}) + "\n")
    (tmp_path / "deep.json").write_text('{"articles": ' + "[" * 50_000 + "]" * 50_000 + "}")
    arts, issues = _read(tmp_path)
    assert [a.id for a in arts] == ["ok"]
    assert sum("nested" in i.reason for i in issues) == 2


def test_a_csv_quote_that_never_closes_skips_one_row_not_the_rest(tmp_path):
    rows = io.StringIO()
    w = csv.writer(rows)
    w.writerow(["id", "text"])
    w.writerow(["r1", PROSE])
    rows.write('r2,"' + PROSE + "\n")                # the quote never closes
    w.writerow(["r3", PROSE.replace("Monday", "Tuesday")])
    (tmp_path / "in.csv").write_text(rows.getvalue())
    arts, issues = _read(tmp_path)
    assert [a.id for a in arts] == ["r1", "r3"]
    assert [i.path.rsplit(":", 1)[-1] for i in issues] == ["3"] and "never closes" in issues[0].reason


def test_utf16_text_with_its_mark_is_read_as_text(tmp_path):
    (tmp_path / "note.txt").write_bytes(PROSE.encode("utf-16"))
    (tmp_path / "rows.csv").write_bytes(f"id,text\nu1,\"{PROSE}\"\n".encode("utf-16"))
    arts, issues = _read(tmp_path)
    assert sorted(a.id for a in arts) == ["note", "u1"] and all(PROSE in a.raw_text for a in arts)


def test_ids_that_would_break_a_page_address_are_made_safe(tmp_path):
    recs = [{"id": "a/b", "text": PROSE}, {"id": "..", "text": PROSE + " Again."}, {"id": 0, "text": PROSE + " Zero."},
            {"id": {"x": 1}, "text": PROSE + " Object."}, {"id": "plain-id_1", "text": PROSE + " Plain."}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in recs))
    arts, _ = _read(tmp_path)
    ids = [a.id for a in arts]
    assert ids[4] == "plain-id_1" and ids[2] == "0"
    assert all("/" not in i and not i.startswith(".") for i in ids) and len(set(ids)) == 5
    assert arts[0].extra["given_id"] == "a/b" and arts[1].extra["given_id"] == ".."


def _naive_lines(raw: str, spans: list[Span]) -> list[tuple[str, str | None]]:
    """The rule the article page states, written the slow way: the earliest span covering the line's
    start, else the first span that begins inside the line."""
    out = []
    pos = 0
    for line in raw.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        end = start + len(line.strip())
        pos += len(line) + 1
        if not line.strip():
            continue
        ordered = sorted(spans, key=lambda s: s.start)
        hit = next((s for s in ordered if s.start <= start < s.end or start <= s.start < end), None)
        out.append((line.strip(), hit.reason if hit else None))
    return out


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["alpha beta", "", "  gamma", "delta epsilon zeta", "x"]), min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 300), st.integers(1, 80)), max_size=8))
def test_the_removed_lines_view_marks_what_the_stated_rule_marks(lines, cuts):
    raw = "\n".join(lines)
    spans = [Span(a, a + n, raw[a:a + n], f"rule {k}") for k, (a, n) in enumerate(cuts)]
    got = [(x["text"], x["reason"]) for x in article_lines(ArticleView("a", raw_text=raw, removed=spans))]
    assert got == _naive_lines(raw, spans)

import gzip
import io
import json

from hypothesis import given, settings as hsettings, strategies as st

from storylens.config import Settings
from storylens.ingest import ingest_paths
from storylens.ingest.sniff import sniff_bytes
from storylens.model import Article, Issue


def _run(paths, **kw):
    items = list(ingest_paths(paths, Settings(**kw)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Issue)]


def test_bad_inputs_are_listed_and_good_ones_kept(tmp_path):
    (tmp_path / "good.txt").write_text("A real article about a meeting in Vienna. " * 10, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes("Le ministre a déclaré à Genève que la réunion était terminée.".encode("latin-1"))
    (tmp_path / "feed.jsonl").write_text('{"id": "j1", "text": "One record with text."}\n{"id": "j2", "text": "trunc', encoding="utf-8")
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    arts, issues = _run([tmp_path])
    ids = {a.id for a in arts}
    assert {"good", "latin1", "j1"} <= ids
    reasons = {i.path.split("/")[-1]: (i.action, i.reason) for i in issues}
    assert reasons["empty.txt"][1] == "empty file"
    assert "binary" in reasons["blob.bin"][1]
    assert reasons["latin1.txt"][0] == "repaired" and "decoded as" in reasons["latin1.txt"][1]
    assert reasons["feed.jsonl:2"][0] == "skipped" and "broken JSON" in reasons["feed.jsonl:2"][1]
    assert "over the 20 MB limit" in reasons["huge.txt"][1]
    latin = next(a for a in arts if a.id == "latin1")
    assert "déclaré à Genève" in latin.raw_text


def test_records_keep_unknown_fields_and_reject_empty(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "Only a headline", "lang_score": 0.9}) + "\n"
                    + json.dumps({"id": "b", "text": "  "}) + "\n" + json.dumps([1, 2]) + "\n", encoding="utf-8")
    arts, issues = _run([path])
    assert [a.id for a in arts] == ["a"] and arts[0].extra == {"lang_score": 0.9}
    assert any("no non-empty text" in i.reason for i in issues)
    assert any("not an object" in i.reason for i in issues)


def test_csv_html_feed_and_gzip_jsonl(tmp_path):
    (tmp_path / "a.csv").write_text("id,title,text,source\nc1,Headline,Body text here.,Reuters\n", encoding="utf-8")
    (tmp_path / "p.html").write_text("<html><head><title>T</title></head><body><p>Hello</p></body></html>", encoding="utf-8")
    (tmp_path / "f.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>Item one</title>'
        '<link>http://example.org/1</link><description>Summary of item one.</description>'
        '<pubDate>Mon, 16 Nov 2020 09:31:00 GMT</pubDate></item></channel></rss>', encoding="utf-8")
    with gzip.open(tmp_path / "z.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "z1", "text": "gzipped"}) + "\n")
    arts, issues = _run([tmp_path])
    by = {a.id: a for a in arts}
    assert by["c1"].source == "Reuters" and by["c1"].title == "Headline"
    assert by["p"].html and "<p>Hello</p>" in by["p"].html
    assert "z1" in by
    feed = next(a for a in arts if a.title == "Item one")
    assert feed.url == "http://example.org/1" and feed.published.startswith("2020-11-16")
    assert not issues


def test_warc_responses_and_truncated_record(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    for n in range(2):
        html = f"<html><body><article><p>{'Paragraph of the story number %d. ' % n * 10}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"http://example.org/{n}", "response", payload=io.BytesIO(html),
                                            http_headers=headers))
    data = buf.getvalue()
    (tmp_path / "ok.warc").write_bytes(data)
    (tmp_path / "cut.warc").write_bytes(data[: len(data) - 120])
    arts, issues = _run([tmp_path / "ok.warc"])
    assert [a.url for a in arts] == ["http://example.org/0", "http://example.org/1"]
    arts, issues = _run([tmp_path / "cut.warc"])
    assert len(arts) >= 1 and issues and "WARC" in issues[0].reason


def test_sniffing_unknown_extensions():
    assert sniff_bytes(b"WARC/1.0\r\n") == "warc"
    assert sniff_bytes(b'<?xml version="1.0"?><rss>') == "feed"
    assert sniff_bytes(b"<!DOCTYPE html><html>") == "html"
    assert sniff_bytes(b'{"id": 1}\n{"id": 2}\n') == "jsonl"
    assert sniff_bytes(b"Plain words") is None


@hsettings(max_examples=80, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.jsonl", "x.csv", "x.html", "x", "x.warc", "x.json", "x.rss", "x.xml",
                                                "x.txt.gz", "x.jsonl.gz", "x.csv.gz", "x.warc.gz"]), st.booleans())
def test_any_bytes_never_crash(tmp_path_factory, data, name, compressed):
    """Every ingest format, plain or gzip (real gzip of the bytes, or bytes that only claim to be)."""
    import gzip
    d = tmp_path_factory.mktemp("fuzz")
    (d / name).write_bytes(gzip.compress(data) if compressed else data)
    for item in ingest_paths([d], Settings()):
        assert isinstance(item, (Article, Issue))
        if isinstance(item, Issue):   # a skipped input says which and why
            assert item.reason and str(d) in item.path
        else:                         # an article has an id and something to read
            assert item.id and (item.raw_text.strip() or (item.html or "").strip() or (item.title or "").strip())

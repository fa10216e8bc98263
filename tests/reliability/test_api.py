"""The HTTP API under odd and hostile requests: every failure is a JSON error with a proper status (no
500 for input), each posted record answers with the id it was stored under, and a new text under an
existing id is a new version whose story is analysed again. A server of its own, over a copy of the
example database."""
import json
import shutil
import urllib.error
import urllib.request

import pytest

from ..web.conftest import TOKEN, serve

PARKS = "A council in Springfield approved a new budget for its parks on Monday, the mayor said. " * 3
FERRY = "The harbour ferry to Kelso Island will stop running for repairs in March, the port authority said. " * 3


@pytest.fixture(scope="module")
def api(analyzed_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("attack") / "attack.db"
    shutil.copy(analyzed_db["db"], db)
    with serve(db) as base:
        yield base


def call(base, path, method="GET", body=None, raw=None, token=TOKEN):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            payload = r.read()
            return r.status, (json.loads(payload) if payload and "json" in r.headers.get("content-type", "") else payload)
    except urllib.error.HTTPError as e:
        assert "json" in e.headers.get("content-type", ""), (e.code, e.read()[:200])
        return e.code, json.loads(e.read())


def test_odd_ids_are_stored_under_ids_the_answer_gives(api):
    st, body = call(api, "/api/v1/articles", "POST", [{"id": 0, "text": PARKS}, {"id": "", "text": FERRY},
                                                       {"id": {"nested": 1}, "text": PARKS + " More."},
                                                       {"id": "a/b", "text": FERRY + " Again."}])
    assert st == 201, body
    ids = [it["id"] for it in body["items"]]
    assert ids[0] == "0" and all(ids) and all(it["story_id"] for it in body["items"])
    for i in ids:   # each is reachable at its own address
        st, art = call(api, f"/api/v1/articles/{i}")
        assert st == 200 and art["id"] == i


def test_the_same_id_twice_in_one_post_is_stored_once_and_said(api):
    st, body = call(api, "/api/v1/articles", "POST", [{"id": "twice", "text": PARKS}, {"id": "twice", "text": FERRY}])
    assert st == 201 and body["new"] == 1 and any("same id" in i["reason"] for i in body["issues"])


def test_an_existing_id_with_other_text_is_a_new_version_and_its_story_is_redone(api):
    call(api, "/api/v1/articles", "POST", {"id": "versioned", "text": PARKS})
    st, body = call(api, "/api/v1/articles", "POST", {"id": "versioned", "text": FERRY})
    assert st == 201 and body["changed"] == 1 and body["stories_analysed"] >= 1
    st, story = call(api, f"/api/v1/stories/{body['items'][0]['story_id']}")
    assert "ferry" in story["analysis"]["summary"]["text"].lower() and "parks" not in story["analysis"]["summary"]["text"]


@pytest.mark.parametrize("raw, status, words", [
    (b"[" * 100_000, 400, "nested"),
    (b"\xff\xfe{", 400, "UTF-8"),
    (b"[]", 400, "1 to 1000"),
    (json.dumps([{"id": f"n{k}", "text": "x"} for k in range(1001)]).encode(), 400, "1 to 1000"),
    (b'{"id": "empty", "text": ""}', 400, "no non-empty text"),
])
def test_bad_bodies_are_json_errors(api, raw, status, words):
    st, err = call(api, "/api/v1/articles", "POST", raw=raw)
    assert st == status and words in err["error"]


def test_bad_parameters_are_422_not_500(api):
    for path in ("/api/v1/stories?offset=99999999999999999999", "/api/v1/stories?limit=0",
                 "/api/v1/stories?offset=-1", "/api/v1/stories?offset=20000000"):
        st, err = call(api, path)
        assert st == 422 and "offset" in err["error"] or "limit" in err["error"]
    with pytest.raises(urllib.error.HTTPError) as page:     # a page says it on a page
        urllib.request.urlopen(api + "/?page=99999999999999999999", timeout=60)
    assert page.value.code == 422 and b"page" in page.value.read()


def test_head_answers_on_every_route(api):
    for path in ("/", "/api/v1/stories", "/healthz", "/docs"):
        req = urllib.request.Request(api + path, method="HEAD")
        with urllib.request.urlopen(req, timeout=60) as r:
            assert r.status == 200 and r.read() == b""


def test_marks_in_search_results_stay_balanced_whatever_the_text_holds(api):
    call(api, "/api/v1/articles", "POST", {"id": "ctrl", "text": "Zebrafish \x02 study \x03 shows \x03 the reef recovering. " * 3})
    with urllib.request.urlopen(api + "/?q=zebrafish", timeout=60) as r:
        page = r.read().decode()
    assert page.count("<mark>") == page.count("</mark>") > 0


def test_a_long_text_is_shown_in_parts_each_marking_its_removed_lines(api):
    """A text of thousands of lines: the article page shows one part at a time, with the removed lines
    of that part marked; a part past the end shows the last."""
    lines = [f"Share this story on social media {k}" if k % 2 else
             f"The harbour ferry to Kelso Island carried {k} passengers on its repaired route, the port said."
             for k in range(5000)]
    st, body = call(api, "/api/v1/articles", "POST", {"id": "long-one", "text": "\n".join(lines)})
    assert st == 201
    pages = {}
    for part in (1, 3, 99):
        with urllib.request.urlopen(f"{api}/articles/long-one?part={part}", timeout=60) as r:
            pages[part] = r.read().decode()
    assert "in 3 parts" in pages[1] and "part 1 (lines 1–2000" in pages[1]
    assert "carried 4998 passengers" in pages[3] and "carried 4000 passengers" in pages[3]
    assert "carried 4002 passengers" not in pages[1] and "carried 1998 passengers" in pages[1]
    assert pages[99] == pages[3]
    assert pages[3].count('data-removed="true"') > 0

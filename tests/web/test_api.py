import json
import urllib.error
import urllib.request


def call(server, path, method="GET", body=None, token=None, raw=None, headers=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(server["base"] + path, data=data, method=method, headers=headers or {})
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_list_search_paginate_and_filter(server):
    st, body = call(server, "/api/v1/stories")
    assert st == 200 and body["total"] == 2 and len(body["items"]) == 2
    st, body = call(server, "/api/v1/stories?q=Unit%2029155")
    assert [i["headline"] for i in body["items"]] == ["US intelligence: Russia offered bounties to Taliban to target US, NATO forces"]
    assert "[" in body["items"][0]["snippet"]
    st, body = call(server, "/api/v1/stories?limit=1&offset=1&order=biggest")
    assert len(body["items"]) == 1 and body["items"][0]["n_articles"] == 1
    st, body = call(server, "/api/v1/stories?outlet=The%20Independent")
    assert [i["n_articles"] for i in body["items"]] == [1]
    st, body = call(server, "/api/v1/stories?limit=0")
    assert st == 422 and "limit" in body["error"]


def test_story_and_article_and_unknown_ids(server):
    _, body = call(server, "/api/v1/stories?order=biggest")
    sid = body["items"][0]["id"]
    st, story = call(server, f"/api/v1/stories/{sid}")
    assert st == 200 and story["analysis"]["summary"]["sentences"] and len(story["members"]) == 4
    aid = story["members"][0]["article_id"]
    st, art = call(server, f"/api/v1/articles/{aid}")
    assert st == 200 and art["clean_text"] and art["story"]["story_id"] == sid
    assert call(server, "/api/v1/stories/st-00000000")[0] == 404
    st, err = call(server, "/api/v1/articles/nope")
    assert st == 404 and "nope" in err["error"]
    assert "/api/v1/stories" in call(server, "/openapi.json")[1]["paths"]


def test_writes_need_the_token_and_valid_json(server):
    art = {"id": "w1", "text": "Some text."}
    assert call(server, "/api/v1/articles", "POST", art)[0] == 401
    assert call(server, "/api/v1/articles", "POST", art, token="wrong")[0] == 403
    st, err = call(server, "/api/v1/articles", "POST", raw=b"{not json", token=server["token"])
    assert st == 400 and "not JSON" in err["error"]
    st, err = call(server, "/api/v1/articles", "POST", raw=b"[" + b'"x",' * 60000 + b'"x"]', token=server["token"])
    assert st == 413 and "over" in err["error"]
    st, err = call(server, "/api/v1/articles", "POST", {"id": "empty", "text": ""}, token=server["token"])
    assert st == 400 and "no non-empty text" in err["error"]


def test_post_an_article_and_find_it_in_its_story(server):
    text = ("Russia offered bounties to Taliban-linked militants to kill US and coalition troops in Afghanistan, "
            "US intelligence officials told the New York Times. Russia rejected the report as baseless. "
            "The White House said President Donald Trump was not briefed on the intelligence about the bounties.")
    st, body = call(server, "/api/v1/articles", "POST", {"id": "posted-1", "text": text, "source": "Test Wire"},
                    token=server["token"])
    assert st == 201, body
    sid = body["items"][0]["story_id"]
    _, story = call(server, f"/api/v1/stories/{sid}")
    members = {m["article_id"] for m in story["members"]}
    assert "posted-1" in members and any(m.startswith("000") for m in members)
    assert story["updates"][-1]["added"] == ["posted-1"] and story["updates"][-1]["new_outlets"] == ["Test Wire"]


def test_a_merged_story_id_redirects_to_the_story_that_took_it(server):
    import sqlite3
    _, body = call(server, "/api/v1/stories?order=biggest&limit=1")
    target = body["items"][0]["id"]
    db = sqlite3.connect(server["db"])
    with db:
        db.execute("INSERT OR REPLACE INTO story_aliases(old_id, story_id) VALUES('st-merged01', ?)", (target,))
    db.close()
    st, story = call(server, "/api/v1/stories/st-merged01")
    assert st == 200 and story["id"] == target
    with urllib.request.urlopen(server["base"] + "/stories/st-merged01", timeout=60) as r:
        assert r.url.endswith("/stories/" + target) and r.status == 200
    assert call(server, "/api/v1/stories/st-neverwas")[0] == 404


def test_date_filters_are_checked_and_say_what_they_leave_out(server):
    for bad in ("date_from=notadate", "date_from=2015-13-45", "date_to=2015-02-30", "date_from=2016&date_to=2015"):
        st, err = call(server, f"/api/v1/stories?{bad}")
        assert st == 422 and ("invalid" in err["error"] or "after" in err["error"]), (bad, err)
    st, body = call(server, "/api/v1/stories?date_from=2020-06&date_to=2020")
    assert st == 200 and body["total"] >= 1 and isinstance(body["undated_left_out"], int)
    st, body = call(server, "/api/v1/stories")
    assert "undated_left_out" not in body
    try:
        urllib.request.urlopen(server["base"] + "/?date_from=2015-13-45", timeout=60)
        raise AssertionError("a bad date on the page must not answer 200")
    except urllib.error.HTTPError as e:
        assert e.code == 422 and b"2015-13-45" in e.read()


def test_an_entity_lists_its_stories_statements_and_names(server):
    st, e = call(server, "/api/v1/entities/donald%20trump")
    assert st == 200 and e["name"] == "Donald Trump" and e["type"] == "person"
    assert len(e["stories"]) == 2 and {"donald trump", "trump"} <= set(e["aliases"])
    assert all(c["claim"]["speaker_key"] == "donald trump" for c in e["claims"])
    st, body = call(server, "/api/v1/entities/nobody%20at%20all")
    assert st == 404 and "nobody at all" in body["error"]

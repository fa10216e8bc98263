"""Browser tests: Debian's chromium driven by playwright, against the real server."""
import json
import os
import shutil
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# on a developer's machine without chromium these are skipped; in CI (CI=true) a missing browser fails them
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (./setup.sh installs it as root)")


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is missing: CI must run the browser tests (./setup.sh installs it as root)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def test_search_open_story_follow_citation_see_removed_chrome(server, browser):
    page = browser.new_page()
    page.goto(server["base"] + "/")
    assert page.locator("[data-testid=story-card]").count() >= 2
    page.fill("input[name=q]", "Unit 29155")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    cards = page.locator("[data-testid=story-card]")
    assert cards.count() == 1
    assert page.locator("[data-testid=snippet] mark").count() >= 1
    cards.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "Russia offered bounties" in page.locator("h1").inner_text()
    cite = page.locator("[data-testid=summary] sup.cite a").first
    sentence = cite.get_attribute("data-sentence")
    assert sentence and sentence in (cite.get_attribute("title") or "")
    # beside each summary sentence: its sources by outlet (or "unknown outlet") and title
    sources = page.locator("[data-testid=summary] [data-testid=sources]").first.inner_text()
    assert "[1]" in sources and ("outlet" in sources or ".com" in sources or "“" in sources)
    cite.click()
    page.wait_for_load_state()
    assert sentence in page.locator("[data-testid=clean-text]").inner_text()
    # the citation opens the article at the cited sentence, marked
    assert "#s-" in page.url
    target = page.locator(".sent:target")
    assert target.count() == 1 and target.inner_text() == sentence
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    # the chrome of 000 is on the page, marked as removed, and not in the article text
    page.goto(server["base"] + "/articles/000_d3aa78e8f22ee53a")
    removed = page.locator("[data-removed=true]")
    assert "Show Comments" in " ".join(removed.all_inner_texts())
    assert "Show Comments" not in page.locator("[data-testid=clean-text]").inner_text()
    decoration = removed.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration


def test_hostile_article_text_is_shown_as_text(server, browser):
    payload = {"id": "xss-1", "title": "<script>window.pwned=1</script>Headline <img src=x onerror=window.pwned=2>",
               "text": "<script>window.pwned=3</script> A council meeting in Springfield approved the budget on Monday. " * 3}
    req = urllib.request.Request(server["base"] + "/api/v1/articles", data=json.dumps(payload).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {server['token']}", "Content-Type": "application/json"})
    sid = json.loads(urllib.request.urlopen(req, timeout=600).read())["items"][0]["story_id"]
    page = browser.new_page()
    for path in (f"/stories/{sid}", "/articles/xss-1", "/?q=Springfield"):
        page.goto(server["base"] + path)
        assert page.evaluate("window.pwned === undefined")
    assert "<script>" in page.content().replace("&lt;", "<") or "script" in page.inner_text("body")


@pytest.mark.parametrize("width", [1280, 390])
def test_story_page_fits_laptop_and_phone(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server["base"] + "/api/v1/stories?order=biggest")
    top = json.loads(page.inner_text("body"))["items"][0]
    sid = top["id"]
    page.goto(server["base"] + f"/stories/{sid}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert page.locator("svg.chart circle").count() == top["n_articles"] >= 4


def test_api_docs_work_offline_from_the_server_alone(server, browser):
    """/docs draws Swagger UI from this server's own files: every request stays on 127.0.0.1 and the
    API's endpoints are listed."""
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(server["base"] + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/stories" in p for p in paths) and any("/api/v1/articles" in p for p in paths)
    assert asked and all(u.startswith(server["base"]) or u.startswith("data:") for u in asked), asked



def test_a_page_that_is_no_article_is_kept_and_listed_apart(server, browser):
    payload = {"id": "gone-1", "url": "https://paper.example/2022/missing-page",
               "text": "Home\n\nNews\n\nPage not found\n\nSorry, the page you are looking for does not exist.\n\nBack to the home page"}
    req = urllib.request.Request(server["base"] + "/api/v1/articles", data=json.dumps(payload).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {server['token']}", "Content-Type": "application/json"})
    item = json.loads(urllib.request.urlopen(req, timeout=600).read())["items"][0]
    assert item["story_id"] is None and "error page" in item["not_article"]
    listed = json.loads(urllib.request.urlopen(server["base"] + "/api/v1/not-articles", timeout=60).read())
    assert any(p["id"] == "gone-1" and "error page" in p["reason"] for p in listed["items"])
    stories = json.loads(urllib.request.urlopen(server["base"] + "/api/v1/stories?limit=200", timeout=60).read())
    assert stories["not_articles"] == listed["total"] >= 1
    assert all("gone-1" not in json.dumps(s) for s in stories["items"])
    page = browser.new_page()
    page.goto(server["base"] + "/")
    page.locator("[data-testid=not-articles-link]").click()
    page.wait_for_load_state()
    assert "error page" in page.locator("[data-testid=not-articles]").inner_text()
    page.locator("[data-testid=not-articles] a", has_text="gone-1").first.click()
    page.wait_for_load_state()
    assert "Not an article" in page.locator("[data-testid=not-article]").inner_text()

"""The FastAPI application: HTML pages (server-rendered, no CDN, usable without JavaScript) and the
/api/v1 JSON API with an OpenAPI description. Everything from articles is escaped by jinja2;
request bodies are size-limited; writes need the token the server was started with."""
from __future__ import annotations

import datetime as dt
import hmac
import logging
import importlib.util
import json
import threading
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings
from ..report import article_window, environment, paragraph_sentences, sentence_key, source_labels
from ..ingest import parse_json
from ..store import HIT_CLOSE, HIT_OPEN, Store, write_lock
from .chart import coverage_points

TEMPLATES = Path(__file__).parent / "templates"
log = logging.getLogger(__name__)
MAX_RECORDS = 1000   # records in one POST
MAX_OFFSET = 10_000_000   # a list's offset (and page) beyond any real database: past it, a clear 422
DOCS_ASSETS = "/docs-assets"
# Swagger UI 5 as the fastapi-offline package ships it (only its files are used)
SWAGGER_UI = Path(importlib.util.find_spec("fastapi_offline").origin).parent / "static"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message



def _found(view, what: str, ident: str):
    """The view, or a 404 saying which `what` was not found."""
    if view is None:
        raise ApiError(404, f"no {what} {ident!r}")
    return view

def _link(kind: str, ident: str) -> str:
    return {"story": "/stories/", "article": "/articles/", "entity": "/entities/"}.get(kind, "/") + quote(str(ident), safe="")


def _date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """The filter's dates checked: each YYYY-MM-DD (or YYYY-MM, YYYY), the first not after the last;
    an ApiError 422 names what is wrong."""
    checked = []
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        value = (value or "").strip() or None
        if value is not None:
            padded = value + {4: "-01-01", 7: "-01"}.get(len(value), "")
            try:
                dt.date.fromisoformat(padded)
            except ValueError:
                raise ApiError(422, f"invalid {name} {value!r}: use a date such as 2014-03-17 (or 2014-03, 2014)") from None
        checked.append(value)
    # a month or a year runs to its end: 2020-06 .. 2020 is a range, 2016 .. 2015 is not
    if checked[0] and checked[1] and checked[0] > checked[1] + {4: "-12-31", 7: "-31"}.get(len(checked[1]), ""):
        raise ApiError(422, f"date_from {checked[0]} is after date_to {checked[1]}")
    return checked[0], checked[1]


def _highlight(snippet: str | None) -> Markup:
    """Escape a search snippet, then turn the store's hit markers into <mark>; markers that do not
    pair up (the article's own text held such bytes) are dropped, so the page's tags stay balanced."""
    if not snippet:
        return Markup("")
    text = str(escape(snippet))
    opened, out = False, []
    for ch in text:
        if ch == HIT_OPEN and not opened:
            out.append("<mark>")
            opened = True
        elif ch == HIT_CLOSE and opened:
            out.append("</mark>")
            opened = False
        elif ch not in (HIT_OPEN, HIT_CLOSE):
            out.append(ch)
    if opened:
        out.append("</mark>")
    return Markup("".join(out))


def create_app(db_path: str | Path, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    db_path = str(db_path)
    Store(db_path).close()   # create / migrate once, so readers find a schema
    local = threading.local()
    env = environment([TEMPLATES], strict=settings.strict_templates)
    env.filters["highlight"] = _highlight
    env.globals.update(link=_link, cite_link=lambda aid, sentence: f"{_link('article', aid)}#s-{sentence_key(sentence)}",
                       sentence_id=lambda aid, key: f"s-{key}", paragraph_sentences=paragraph_sentences)

    def reader() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(db_path, readonly=True)
        return local.store

    # /docs is served from files of an installed package, not a CDN (no network needed to read it)
    app = FastAPI(title="storylens", version="1", docs_url=None, redoc_url=None,
                  description="Stories from news articles: grouped, summarised with citations, dated, attributed. "
                  "Read endpoints are open; POST needs the server's write token.")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(SWAGGER_UI)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="storylens API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_request_bytes:
            return JSONResponse({"error": f"request body over {settings.max_request_bytes} bytes"}, status_code=413)
        head = request.method == "HEAD"
        if head:   # HEAD is GET without the body, on every route
            request.scope["method"] = "GET"
        response = await call_next(request)
        if head:
            response = Response(status_code=response.status_code, headers=dict(response.headers))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.url.path == "/docs":
            # the API page runs Swagger UI's script (from this server only); it shows no article text
            response.headers["Content-Security-Policy"] = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                                           "style-src 'self' 'unsafe-inline'; img-src 'self' data:")
        elif response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'"
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        return HTMLResponse(env.get_template("error.html").render(q="", status=exc.status, message=exc.message), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return await api_error(request, ApiError(exc.status_code, str(exc.detail)))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # a bug, not the input's fault: still one JSON (or page) error, with the bug logged
        log.exception("unexpected error on %s", request.url.path)
        return await api_error(request, ApiError(500, f"internal error ({type(exc).__name__}); it is logged"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", []))
        return await api_error(request, ApiError(422, f"invalid {where}: {first.get('msg', 'bad value')}"))

    # --- API ---------------------------------------------------------------------------------
    @app.get("/healthz", tags=["meta"])
    def healthz():
        return {"ok": True, **reader().counts(), "writes": bool(settings.write_token)}

    @app.get("/api/v1/stories", tags=["stories"])
    def api_stories(q: str | None = None, limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                    date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
                    entity: str | None = None, order: str = Query("newest", pattern="^(newest|biggest)$")):
        """List and search stories (full text over stories and their articles)."""
        date_from, date_to = _date_range(date_from, date_to)
        items, total = reader().list_stories(q, limit, offset, date_from, date_to, outlet, entity, order)
        for it in items:
            if "snippet" in it:
                it["snippet"] = it["snippet"].replace(HIT_OPEN, "[").replace(HIT_CLOSE, "]")
        out = {"items": items, "total": total, "limit": limit, "offset": offset,
               "not_articles": reader().counts()["not_articles"]}
        if date_from or date_to:   # a date filter leaves out the stories with no known date: say how many
            out["undated_left_out"] = reader().counts()["undated"]
        return out

    @app.get("/api/v1/not-articles", tags=["articles"])
    def api_not_articles(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Pages kept but not grouped into stories, because they are no article (an error page, a paywall
        or consent wall, an advert, nothing but site chrome), each with the reason."""
        items, total = reader().not_articles(limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/v1/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str):
        s = reader().story_view(story_id)
        if s is None:
            if alias := reader().story_alias(story_id):
                return RedirectResponse(f"/api/v1/stories/{quote(alias)}", status_code=301)
            raise ApiError(404, f"no story {story_id!r}")
        return s.to_dict()

    @app.get("/api/v1/entities/{key}", tags=["entities"])
    def api_entity(key: str):
        """One person, organisation or place across the stories: its stories, its statements, its names."""
        return _found(reader().entity_view(key), "entity", key).to_dict()

    @app.get("/api/v1/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str):
        return _found(reader().article_view(article_id), "article", article_id).to_dict()

    @app.post("/api/v1/articles", tags=["articles"], status_code=201)
    async def api_post_articles(request: Request):
        """One article or a list (the JSON-lines record schema). Cleans, groups and analyses them
        incrementally; answers with each article's story id. Needs `Authorization: Bearer <token>`."""
        if not settings.write_token:
            raise ApiError(403, "writes are disabled: start the server with --write-token (or STORYLENS_WRITE_TOKEN)")
        auth = request.headers.get("authorization", "")
        token = auth[7:] if auth.lower().startswith("bearer ") else request.headers.get("x-storylens-token", "")
        if not token:
            raise ApiError(401, "missing write token (Authorization: Bearer <token>)")
        if not hmac.compare_digest(token.encode(), settings.write_token.encode()):
            raise ApiError(403, "wrong write token")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_request_bytes:
                raise ApiError(413, f"request body over {settings.max_request_bytes} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(400, f"body is not UTF-8: {exc}") from None
        doc, problem = parse_json(text)
        if problem:
            raise ApiError(400, f"body is not JSON we can read: {problem}")
        records = doc if isinstance(doc, list) else [doc]
        if not records or len(records) > MAX_RECORDS:
            raise ApiError(400, f"send one article object or a list of 1 to {MAX_RECORDS}")
        from ..pipeline import analyze_records
        from starlette.concurrency import run_in_threadpool

        def write():
            # one writer at a time, across threads, server processes and CLI runs (the cluster index is one blob)
            with write_lock(db_path):
                store = Store(db_path)
                try:
                    rep = analyze_records(records, store, settings)
                    # each record's article under the id it was stored with (given, or made from its text)
                    ids = [rep.article_of.get(f"api[{n}]") for n in range(len(records))]
                    members = {a: store.story_of_article(a) for a in ids if a}
                    apart = {a: v.not_article for a in ids if a and (v := store.article_view(a, spans=(0, 0))) and v.not_article}
                finally:
                    store.close()
                return rep, ids, members, apart

        rep, ids, members, apart = await run_in_threadpool(write)
        # a page that is no article is kept (its story_id null) with the reason, listed apart
        items = [{"id": i, "story_id": members.get(i) if i else None, **({"not_article": apart[i]} if i in apart else {})}
                 for i in ids]
        issues = [{"input": x.path, "reason": x.reason, "action": x.action} for x in rep.issues]
        if not any(it["story_id"] or it.get("not_article") for it in items):
            reasons = "; ".join(f"{x['input']}: {x['reason']}" for x in issues) or "no record holds an article"
            raise ApiError(400, "no article could be used: " + reasons)
        return {"items": items, "issues": issues, "new": rep.new - rep.changed, "changed": rep.changed,
                "stories_analysed": rep.stories_analysed}

    # --- pages -------------------------------------------------------------------------------
    def page(name: str, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**{"q": "", **ctx}))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list(q: str | None = None, date_from: str | None = None, date_to: str | None = None,
                   outlet: str | None = None, entity: str | None = None,
                   order: str = Query("newest", pattern="^(newest|biggest)$"), page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET)):
        limit = 20
        date_from, date_to = _date_range(date_from, date_to)
        items, total = reader().list_stories(q, limit, (page_no - 1) * limit, date_from, date_to, outlet, entity, order)
        outlets = reader().outlet_names()
        return page("list.html", items=items, total=total, q=q or "", date_from=date_from or "", date_to=date_to or "",
                    outlet=outlet or "", entity=entity or "", order=order, page=page_no, pages=max(1, -(-total // limit)),
                    outlets=outlets, counts=reader().counts())

    @app.get("/not-articles", response_class=HTMLResponse, include_in_schema=False)
    def not_articles_page(page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET)):
        limit = 100
        items, total = reader().not_articles(limit, (page_no - 1) * limit)
        return page("not_articles.html", items=items, total=total, page=page_no, pages=max(1, -(-total // limit)))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str):
        s = reader().story_view(story_id)
        if s is None and (alias := reader().story_alias(story_id)):
            # merged into another story by a later run: the old link leads there
            return RedirectResponse(f"/stories/{quote(alias)}", status_code=301)
        if s is None or s.analysis is None:
            raise ApiError(404, f"no story {story_id!r}")
        labels = source_labels(s.members)
        return page("story.html", s=s, labels=labels, chart=coverage_points(s.analysis.outlets))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, part: int = Query(1, ge=1, le=MAX_OFFSET)):
        # a long text is shown in parts: only the removed spans of the part shown are read
        d = _found(reader().article_view(article_id, spans=(0, 0)), "article", article_id)
        window = article_window(d, part, removed_in=lambda a, b: reader().removed_spans(article_id, a, b))
        return page("article.html", d=d, window=window)

    @app.get("/entities/{key}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(key: str):
        return page("entity.html", e=_found(reader().entity_view(key), "entity", key))

    return app


def app_from_env() -> FastAPI:
    """Factory for multi-process serving: the database and settings come from the environment
    (`storylens serve` sets STORYLENS_SERVE_DB; STORYLENS_* settings apply as everywhere)."""
    import os

    from ..config import load_settings
    return create_app(os.environ["STORYLENS_SERVE_DB"], load_settings(os.environ.get("STORYLENS_SERVE_CONFIG") or None))

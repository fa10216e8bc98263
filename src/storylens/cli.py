"""The storylens command line (typer). Progress and printing live here and in web/, nowhere else."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import List, Optional

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import typer
from rich.console import Console
from rich.markup import escape as markup_escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import Settings, load_settings
from .errors import ConfigError, StorylensError
from .runtime import tune_for_batch

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="storylens: turn a pile of news articles into stories you can check.")
# piped output (files, other programs) gets wide lines instead of an 80-column wrap
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
out = Console(width=None if sys.stdout.isatty() else 160)

DB_HELP = "SQLite database file"


def _settings(config: Optional[Path], **flags) -> Settings:
    return load_settings(config, **flags)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Text from inputs (file names, article text) as the terminal should show it: rich markup escaped,
    and control characters (an escape sequence in a file name) shown as codes, never sent raw."""
    return markup_escape(CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text)))


def _quiet_libraries() -> None:
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("trafilatura", "htmldate", "sentence_transformers", "transformers", "wordllama", "httpx"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _print_issues(issues, quiet: bool) -> None:
    """One line per skipped, repaired or text-less input: what happened, the input, and why."""
    if not issues:
        return
    counts = Counter(i.action for i in issues)
    err.print("[yellow]warning:[/] " + ", ".join(f"{n} input(s) {action}" for action, n in counts.items()) + ":")
    for i in issues[:200]:
        err.print(f"  {i.action:8s} {escape(i.path)}: {escape(i.reason)}", soft_wrap=True)
    if len(issues) > 200:
        err.print(f"  … {len(issues) - 200} more (see the runs table in the database)")


@app.command()
def analyze(paths: List[Path] = typer.Argument(..., help="files or folders of articles"),
            db: Path = typer.Option(Path("storylens.db"), help=DB_HELP),
            report: Optional[Path] = typer.Option(None, help="HTML report to write (default: next to the database)"),
            json_out: Optional[Path] = typer.Option(None, "--json", help="also export stories as JSON here"),
            config: Optional[Path] = typer.Option(None, help="TOML settings file"),
            max_words: Optional[int] = typer.Option(None, help="summary word budget"),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress, no tables"),
            strict: bool = typer.Option(False, help="exit non-zero when any input was skipped"),
            engine: str = typer.Option("single", help="single (this machine's processes) or spark"),
            master: str = typer.Option("local[2]", help="with --engine spark: local[N], spark://host:port or sc://host:port (Spark Connect)"),
            out_dir: Optional[Path] = typer.Option(None, "--out", help="with --engine spark: also write Parquet tables here"),
            spark_conf: Optional[List[str]] = typer.Option(None, "--spark-conf",
                                                           help="with --engine spark: a Spark setting KEY=VALUE (repeat for more)")):
    """Read articles, group them into stories, analyse each story; write the database and a report."""
    from . import pipeline, report as report_mod
    from .store import Store
    settings = _settings(config, max_words=max_words)
    store = Store(db)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        if engine == "spark":
            from . import spark
            conf = dict(_key_value(c) for c in spark_conf or [])
            result = spark.analyze_paths([str(p) for p in paths], store, settings, master, out_dir, progress, conf)
        elif engine == "single":
            if out_dir is not None:
                raise ConfigError("--out writes Parquet tables of a Spark run: add --engine spark")
            result = pipeline.analyze_paths([str(p) for p in paths], store, settings, progress)
        else:
            raise ConfigError(f"unknown engine {engine!r}: choose single or spark")
    report_path = report or db.with_suffix(".html")
    report_mod.write_html(store, report_path, strict=settings.strict_templates)
    if json_out:
        report_mod.write_json(store, json_out)
    if not quiet:
        items, total = store.list_stories(limit=30, order="biggest")
        counts = store.counts()
        _story_table(items, total, f"{total} stories from {counts['articles']} articles")
        if counts["not_articles"]:
            err.print(f"{counts['not_articles']} page(s) were not articles (error pages, walls, adverts, only site chrome): "
                      "kept and listed apart, not grouped (the report's last section; /not-articles when served)")
        _print_issues(result.issues, quiet)
    changed = f"{result.changed} changed (the earlier text kept as history), " if result.changed else ""
    msg = (f"{result.new - result.changed} new article(s), {changed}{result.unchanged} unchanged, "
           f"{result.stories_analysed} story(ies) analysed. "
           f"Database: {db}  Report: {report_path}" + (f"  JSON: {json_out}" if json_out else ""))
    if result.issues:
        msg += f"  ({len(result.issues)} input(s) skipped, repaired or without text: listed above)"
    out.print(escape(msg)) if not quiet else None
    store.close()
    if strict and any(i.action == "skipped" for i in result.issues):
        raise typer.Exit(1)


def _key_value(text: str) -> tuple[str, str]:
    key, eq, value = text.partition("=")
    if not eq or not key.strip():
        raise ConfigError(f"--spark-conf takes KEY=VALUE (e.g. spark.executor.memory=8g), not {text!r}")
    return key.strip(), value.strip()


def _story_table(items, total, title) -> None:
    t = Table(title=title, title_justify="left")
    t.add_column("story")
    t.add_column("headline", overflow="fold")
    t.add_column("articles", justify="right")
    t.add_column("sources", justify="right")
    t.add_column("dates")
    t.add_column("outlets", overflow="fold")
    for s in items:
        dates = ("~" if s.get("date_inferred") else "") + (s["first_date"] or "date unknown")
        if s["last_date"] and s["last_date"] != s["first_date"]:
            dates += f" → {s['last_date']}"
        if s.get("date_inferred") and s["first_date"]:
            dates += " (inferred)"
        t.add_row(s["id"], escape(s["headline"] or ""), str(s["n_articles"]), str(s["n_sources"]), dates,
                  escape(", ".join(s["outlets"]) or "unknown"))
    out.print(t)


@app.command()
def stories(db: Path = typer.Option(Path("storylens.db"), help=DB_HELP),
            q: Optional[str] = typer.Option(None, help="full-text search"),
            limit: int = typer.Option(30), order: str = typer.Option("newest", help="newest or biggest")):
    """List the stories in a database."""
    from .store import Store
    store = Store(db, readonly=True)
    items, total = store.list_stories(q=q, limit=limit, order=order)
    _story_table(items, total, f"{total} stories" + (f" matching {q!r}" if q else ""))


@app.command()
def show(story: str = typer.Argument(..., help="story id (see `storylens stories`)"),
         db: Path = typer.Option(Path("storylens.db"), help=DB_HELP),
         as_json: bool = typer.Option(False, "--json", help="print the story as JSON")):
    """Print one story: summary with citations, timeline, who said what, outlets, coverage."""
    from .model import StoryAnalysis
    from .report import short_label, short_labels
    from .store import Store
    store = Store(db, readonly=True)
    s = store.story_view(story)
    if s is None and (alias := store.story_alias(story)):
        err.print(f"[yellow]story {escape(story)} was merged into {escape(alias)}; showing that story[/]")
        s = store.story_view(alias)
    if s is None:
        raise StorylensError(f"no story {story!r} in {db} (see `storylens stories --db {db}`)")
    if as_json:
        out.print_json(json.dumps(s.to_dict(), ensure_ascii=False))
        return
    a: StoryAnalysis | None = s.analysis
    if a is None:
        out.print("This story has not been analysed yet: run `storylens analyze` again to finish it.")
        return
    labels = short_labels(m.article_id for m in s.members)

    def L(article_id: str) -> str:
        return labels.get(article_id) or short_label(article_id)
    out.rule(escape(a.headline.text))
    n = a.sources
    langs = n.other_languages
    unread = f" ({', '.join(f'{k} in {lang}' for lang, k in langs.items())} not read: the story is read in {a.language})" if langs else ""
    out.print(f"[dim]{escape(a.headline.source)} · {n.articles} articles · {n.independent} independent sources · "
              f"{f'read from {n.analysed} of them{unread} · ' if n.analysed < n.articles else ''}{'~' if a.date_inferred and a.first_date else ''}{a.first_date or 'date unknown'}"
              f"{' → ' + a.last_date if a.last_date and a.last_date != a.first_date else ''}"
              f"{' (inferred: ' + escape(a.date_basis or '') + ')' if a.date_inferred else ''}[/]")
    out.print("\n[bold]Summary[/]")
    for sent in a.summary.sentences:
        cites = ", ".join(L(c.article_id) for c in sent.citations)
        out.print(f"  {escape(sent.text)} [cyan]\\[{escape(cites)}][/] [dim]({sent.independent_sources} source(s))[/]")
    out.print("\n[bold]Timeline[/]")
    for e in a.timeline:
        srcs = "; ".join(f"{L(x.article_id)} '{x.phrase}'" for x in e.sources)
        flag = " [yellow](uncertain)[/]" if e.uncertain else ""
        out.print(f"  [bold]{escape(e.label)}[/]{flag} {escape(e.what[:160])} [dim]\\[{escape(srcs)}][/]")
    out.print("\n[bold]Who said what[/]")
    for c in a.claims:
        out.print(f"  [bold]{escape(c.speaker)}[/] [magenta]{c.stance}[/]: {escape(c.sentence[:160])} "
                  f"[dim]\\[{', '.join(L(x) for x in c.articles)}][/]")
    if a.disagreements:
        out.print("\n[bold]Disagreements[/]")
        for d in a.disagreements:
            pos, neg = d.affirms, d.negates
            out.print(f"  [blue]{escape(pos.speaker)} ({pos.stance})[/]: {escape(pos.sentence[:120])} [dim]\\[{L(pos.article_id)}][/]")
            out.print(f"    [red]vs {escape(neg.speaker)} ({neg.stance})[/]: {escape(neg.sentence[:120])} [dim]\\[{L(neg.article_id)}][/]")
    out.print("\n[bold]Outlets[/]")
    for o in a.outlets:
        # an original may be an outside outlet ("sputniknews.com"), not an article: named in full
        copies = [(f"original of {', '.join(L(m) for m in g.members if m != g.original)} ({g.kind})"
                   if g.original == o.article_id else g.kind + (f" of {labels.get(g.original, g.original)}" if g.original else ""))
                  for g in s.copy_groups if o.article_id in g.members]
        when = o.published or "unknown"
        if o.published and o.published_inferred:   # the latest date its text mentions: a lower bound
            when = f"not before {when} (inferred: latest date the text mentions)"
        out.print(f"  {L(o.article_id)}: {escape(o.outlet or 'unknown outlet')}"
                  f"{' (wire: ' + o.wire + ')' if o.wire else ''} · published {when}"
                  f"{' · ' + '; '.join(copies) if copies else ''}")
    cov = a.coverage
    if cov.exclusive_entities:
        out.print("\n[bold]Named by one source only[/]")
        out.print("  " + escape(", ".join(f"{e.name} ({L(e.source)})" for e in cov.exclusive_entities[:20])))
    out.print("\n[bold]Entities[/]")
    out.print("  " + escape(", ".join(f"{e.name} ({e.role})" for e in a.entities[:30])))
    if s.related:
        out.print("\n[bold]Related stories[/]")
        for r in s.related:
            why = f"same storyline: {r.reason}" if r.storyline else "shares " + ", ".join(r.names)
            out.print(f"  {escape(r.id)} {escape(r.headline or '')} [dim]({escape(why)})[/]")


@app.command()
def clean(input: Path = typer.Option(..., "--input", help="JSON lines: id, text or html, optional title/url/source/published"),
          output: Path = typer.Option(..., "--output", help="JSON lines: the input plus clean_text and metadata"),
          config: Optional[Path] = typer.Option(None)):
    """Batch: clean article records (the contract benchmarks and tools call)."""
    from . import pipeline
    settings = _settings(config)
    pairs, broken = pipeline.read_records(input, settings)
    _atomic_jsonl(output, pipeline.clean_records(pairs, settings))
    _print_issues(broken, False)


@app.command()
def cluster(input: Path = typer.Option(..., "--input"), output: Path = typer.Option(..., "--output"),
            config: Optional[Path] = typer.Option(None),
            threshold: Optional[float] = typer.Option(None, help="story_threshold (0..1)")):
    """Batch: group article records into stories; each output record gains story_id."""
    from . import pipeline
    settings = _settings(config, story_threshold=threshold)
    pairs, broken = pipeline.read_records(input, settings)
    _atomic_jsonl(output, pipeline.cluster_records(pairs, settings))
    _print_issues(broken, False)


@app.command()
def summarize(input: Path = typer.Option(..., "--input", help="one story's articles, or records with story_id"),
              max_words: int = typer.Option(120, "--max-words"),
              output: Optional[Path] = typer.Option(None, "--output", help="write here instead of standard output"),
              config: Optional[Path] = typer.Option(None)):
    """Batch: headline and cited extractive summary per story, one JSON object per line."""
    from . import pipeline
    settings = _settings(config)
    pairs, broken = pipeline.read_records(input, settings)
    results = pipeline.summarize_records(pairs, settings, max_words)
    if output:
        _atomic_jsonl(output, results)
    else:
        for r in results:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    _print_issues(broken, False)


@app.command()
def report(db: Path = typer.Option(Path("storylens.db"), help=DB_HELP),
           out_path: Path = typer.Option(Path("storylens.html"), "--out"),
           json_out: Optional[Path] = typer.Option(None, "--json")):
    """Write the HTML report (and JSON export) of a database again."""
    from . import report as report_mod
    from .store import Store
    store = Store(db, readonly=True)
    report_mod.write_html(store, out_path, strict=load_settings().strict_templates)
    if json_out:
        report_mod.write_json(store, json_out)
    out.print(f"Report: {out_path}" + (f"  JSON: {json_out}" if json_out else ""))


@app.command()
def serve(db: Path = typer.Option(Path("storylens.db"), help=DB_HELP),
          host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
          write_token: Optional[str] = typer.Option(None, envvar="STORYLENS_WRITE_TOKEN",
                                                    help="enables POST /api/v1/articles for requests carrying it"),
          workers: int = typer.Option(0, help="server processes (0: one per core)"),
          config: Optional[Path] = typer.Option(None)):
    """Serve the web app and the HTTP API over a database."""
    import uvicorn
    from .store import Store
    _settings(config, write_token=write_token)     # fail early on bad settings
    Store(db).close()                              # create or migrate before the workers start
    os.environ["STORYLENS_SERVE_DB"] = str(db.resolve())
    if config:
        os.environ["STORYLENS_SERVE_CONFIG"] = str(config.resolve())
    if write_token:
        os.environ["STORYLENS_WRITE_TOKEN"] = write_token
    n = workers or (os.cpu_count() or 1)
    err.print(f"storylens serving {db} on http://{host}:{port} with {n} process(es) "
              f"(writes {'enabled' if write_token else 'disabled'})")
    uvicorn.run("storylens.web.app:app_from_env", factory=True, host=host, port=port, workers=n, log_level="warning")


def _atomic_jsonl(path: Path, records) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(path)


def main() -> None:
    tune_for_batch()
    _quiet_libraries()
    if os.environ.get("NO_COLOR"):
        err.no_color = out.no_color = True
    try:
        app()
    except StorylensError as exc:
        err.print(f"storylens: {escape(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("storylens: interrupted; the database holds everything committed so far, run again to finish")
        sys.exit(130)

"""The store under concurrent writers and interruptions: a new database opened by several processes at
once ends fully migrated and usable; nested transactions undo only their part; a story that vanished
under a running analysis is skipped; a read-only database is one clear error."""
import os
import sqlite3
from pathlib import Path
import subprocess
import sys

import pytest

from storylens.errors import StoreError
from storylens.store import SCHEMA_VERSION, Store

OPEN = "import sys; from storylens.store import Store; Store(sys.argv[1]).close()"


def test_processes_opening_a_new_database_at_once_leave_it_migrated(tmp_path):
    for attempt in range(4):
        db = tmp_path / f"new{attempt}.db"
        procs = [subprocess.Popen([sys.executable, "-c", OPEN, str(db)], stderr=subprocess.PIPE) for _ in range(3)]
        errors = [p.communicate(timeout=120)[1].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], errors
        con = sqlite3.connect(db)
        assert con.execute("SELECT value FROM state WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert [r[0] for r in con.execute("SELECT version FROM schema_history ORDER BY version")] == \
            list(range(1, SCHEMA_VERSION + 1))
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        Store(db).close()   # and it opens again


def test_a_failed_inner_transaction_is_undone_alone(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.tx():
        store.db.execute("INSERT INTO state(key, value) VALUES('outer', '1')")
        with pytest.raises(RuntimeError):
            with store.tx():
                store.db.execute("INSERT INTO state(key, value) VALUES('inner', '1')")
                raise RuntimeError("inner step fails")
        store.db.execute("INSERT INTO state(key, value) VALUES('after', '1')")
    keys = {r[0] for r in store.db.execute("SELECT key FROM state")}
    assert {"outer", "after"} <= keys and "inner" not in keys
    with pytest.raises(RuntimeError):
        with store.tx():
            store.db.execute("INSERT INTO state(key, value) VALUES('lost', '1')")
            raise RuntimeError("outer fails")
    assert store.load_state("lost") is None and not store.db.in_transaction


def test_an_analysis_for_a_story_gone_meanwhile_is_skipped(tmp_path):
    from storylens.model import Headline, StoryAnalysis
    store = Store(tmp_path / "s.db")
    store.save_analysis("st-gone", StoryAnalysis(Headline("A headline for a story merged away")))
    assert store.db.execute("SELECT count(*) FROM story_analysis").fetchone()[0] == 0


def test_a_read_only_database_is_one_clear_line_from_the_cli(tmp_path_factory):
    """`storylens analyze` into a database its user cannot write: exit 2 and one line, no traceback (as
    root, the command runs as the unprivileged user 'nobody', since root may write any file)."""
    import shutil
    import tempfile
    from ..conftest import EXAMPLE, EXE
    d = Path(tempfile.mkdtemp(prefix="storylens-ro-"))
    d.chmod(0o755)
    db = d / "ro.db"
    Store(db).close()
    for f in d.iterdir():
        f.chmod(0o444)
    d.chmod(0o555)
    cmd = [str(EXE), "analyze", str(EXAMPLE), "--db", str(db), "--quiet"]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("setpriv is needed to run as another user")
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
        probe = subprocess.run(cmd[:4] + [str(EXE), "--help"], capture_output=True, timeout=120)
        if probe.returncode != 0:   # a checkout in a private folder (mktemp -d is 0700): 'nobody' cannot run it
            d.chmod(0o755)
            pytest.skip("the user 'nobody' cannot run this checkout's .venv/bin/storylens")
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=dict(os.environ, NO_COLOR="1"))
    d.chmod(0o755)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr and "read-only" in p.stderr and len(p.stderr.strip().splitlines()) == 1


HOLD = """import sys, time, pathlib
from storylens.store import write_lock
db, held, release = sys.argv[1:4]
with write_lock(db):
    pathlib.Path(held).touch()
    for _ in range(1200):
        if pathlib.Path(release).exists():
            break
        time.sleep(0.05)
"""


def test_while_another_process_writes_a_reader_opens_at_once_and_a_writer_waits_saying_so(tmp_path, caplog):
    import logging
    import threading
    import time
    from storylens.config import Settings
    from storylens.pipeline import analyze_records
    db, held, release = tmp_path / "s.db", tmp_path / "held", tmp_path / "release"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(held), str(release)])
    try:
        for _ in range(1200):
            if held.exists():
                break
            time.sleep(0.05)
        Store(db).close()                       # up to date: opens without the writer lock
        Store(db, readonly=True).close()
        done = []
        caplog.set_level(logging.WARNING, logger="storylens.pipeline")
        writer = threading.Thread(target=lambda: done.append(analyze_records(
            [{"id": "w1", "text": "A council in Springfield approved a new budget for its parks on Monday."}],
            Store(db), Settings())))
        writer.start()
        for _ in range(1200):                   # the writer says it waits for the other process
            if any("waiting" in r.getMessage() for r in caplog.records):
                break
            time.sleep(0.05)
        assert any("another storylens process is writing" in r.getMessage() for r in caplog.records)
        assert not done                         # and has not written while the other held the lock
        release.touch()
        writer.join(120)
        assert done and done[0].new == 1
    finally:
        release.touch()
        holder.wait(60)

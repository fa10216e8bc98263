"""Two `storylens analyze` runs on the two halves of a corpus into one new database at once: both
finish (the second waits for the first, and says so), every article is there once, every story is
analysed, and the file is intact."""
import os
import shutil
import sqlite3
import subprocess

from ..conftest import EXAMPLE, EXE


def test_two_runs_into_one_new_database_both_finish(tmp_path):
    halves = [tmp_path / "a", tmp_path / "b"]
    for k, f in enumerate(sorted(EXAMPLE.glob("0*.txt"))):
        halves[k % 2].mkdir(exist_ok=True)
        shutil.copy(f, halves[k % 2])
    db = tmp_path / "both.db"
    env = dict(os.environ, NO_COLOR="1")
    procs = [subprocess.Popen([str(EXE), "analyze", str(h), "--db", str(db), "--report", str(tmp_path / f"{h.name}.html")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for h in halves]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    assert not any("Traceback" in err for _, err in outs)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [r[0] for r in con.execute("SELECT id FROM articles")]
    assert len(ids) == 5 == len(set(ids))
    assert con.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM stories WHERE needs_analysis=1").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_analysis)").fetchone()[0] == 0
    assert set(r[0] for r in con.execute("SELECT status FROM runs")) == {"done"}


def _open_and_write(path):
    from storylens.store import Store
    try:
        store = Store(path)
        with store.writing():
            store.start_run(["one"])
        store.close()
    except Exception as exc:   # noqa: BLE001 - the test reports what each process met
        return repr(exc)
    return None


def test_processes_opening_one_new_database_at_once_all_open_it(tmp_path):
    """SQLite refuses the switch to WAL at once (no waiting) while another connection reads the file: many
    runs opening one new database together must all get it, none told it is locked."""
    import multiprocessing as mp
    with mp.get_context("spawn").Pool(4) as pool:
        for k in range(30):
            path = str(tmp_path / f"new{k}.db")
            errors = [e for e in pool.map(_open_and_write, [path] * 4) if e]
            assert not errors, errors
            con = sqlite3.connect(path)
            assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 4
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            con.close()

"""What the CLI prints of inputs it did not write: a file name holding a terminal escape sequence is
shown as codes, never sent raw to the terminal."""
import os
import subprocess

from ..conftest import EXE


def test_control_characters_in_a_file_name_do_not_reach_the_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2J\x1b]0;owned\x07.txt").write_bytes(b"")   # empty: listed as an issue by name
    (folder / "fine.txt").write_text("A council in Springfield approved a new budget for its parks on Monday, "
                                     "the mayor said after the vote.", encoding="utf-8")
    p = subprocess.run([str(EXE), "analyze", str(folder), "--db", str(tmp_path / "s.db")], capture_output=True,
                       text=True, timeout=600, env=dict(os.environ, NO_COLOR="1"))
    assert p.returncode == 0, p.stderr
    shown = p.stdout + p.stderr
    assert "\x1b" not in shown and "\x07" not in shown
    assert "evil\\x1b[2J\\x1b]0;owned\\x07.txt" in shown.replace("\n", "")

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from ..conftest import EXE

TOKEN = "test-token-123"


@contextlib.contextmanager
def serve(db, **env_extra):
    """`storylens serve` as a real process on a free port of 127.0.0.1 over `db`: yields its base URL."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    env = dict(os.environ, STORYLENS_WRITE_TOKEN=TOKEN, **env_extra)
    proc = subprocess.Popen([str(EXE), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode())
            time.sleep(0.25)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def server(analyzed_db, tmp_path_factory):
    """The server over a copy of the example database (POSTs allowed with TOKEN)."""
    d = tmp_path_factory.mktemp("serve")
    db = d / "web.db"
    shutil.copy(analyzed_db["db"], db)
    with serve(db, STORYLENS_MAX_REQUEST_BYTES="200000") as base:
        yield {"base": base, "db": db, "token": TOKEN}

"""A bad environment gets one clear message from tools/suite.py, no traceback.

These run the real script in a subprocess with a broken environment: no
Odoo source and no way to clone it, no PostgreSQL on the PATH, the HTTP port
already taken.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "tools" / "suite.py"


def _python311():
    """The real interpreter behind .venv (not a shim that needs PATH)."""
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def _run(args, env_changes, path=None):
    env = dict(os.environ)
    env.pop("DIST_SUITE_IN_VENV", None)
    env.update(env_changes)
    if path is not None:
        env["PATH"] = path
    proc = subprocess.run(
        [_python311(), str(SUITE), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_explicit_odoo_src_that_is_not_odoo(tmp_path):
    rc, out = _run(["setup"], {"ODOO_SRC": str(tmp_path / "nowhere")})
    assert rc == 2
    assert "ERROR: no Odoo source at" in out
    assert "ODOO_SRC" in out
    assert "Traceback" not in out


def test_no_odoo_source_and_no_network(tmp_path):
    env = {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ODOO_GIT_URL": f"file://{tmp_path}/no-such-repository",
    }
    rc, out = _run(["setup"], {**env, "ODOO_SRC": ""})
    assert rc == 2
    assert "cloning" in out and "failed" in out
    assert "set ODOO_SRC=/path/to/odoo" in out
    assert "Traceback" not in out
    assert not (tmp_path / "cache" / "odoo-src" / "18.0").exists()


def test_postgresql_not_installed(tmp_path):
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    rc, out = _run(
        ["setup"],
        {
            "PYTHON": _python311(),
            "PGHOST": "127.0.0.1",
            "PGPORT": str(_free_port()),
        },
        path=str(empty_path),
    )
    assert rc == 2
    assert "PostgreSQL is not installed" in out
    assert "Traceback" not in out


def test_port_already_taken():
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        sock.listen()
        port = sock.getsockname()[1]
        rc, out = _run(["run", "--port", str(port)], {})
    assert rc == 2
    assert f"Port {port} is already in use" in out
    assert "make run PORT=" in out
    assert "Traceback" not in out


def test_only_test_databases_of_finished_runs_count_as_stale():
    sys.path.insert(0, str(REPO / "tools"))
    from suite_lib.testing import stale_test_database

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not stale_test_database(f"dist_test_{alive.pid}")
        assert not stale_test_database(f"dist_test_{os.getpid()}")
    finally:
        alive.kill()
        alive.wait()
    assert stale_test_database(f"dist_test_{alive.pid}")
    assert stale_test_database("dist_test_not_a_pid")

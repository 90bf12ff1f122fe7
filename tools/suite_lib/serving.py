"""Serving the demo database, and the HTTP ports it needs."""

import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from .common import say
from .databases import odoo_cmd


def port_in_use(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return True
    return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def who_listens(port):
    if not shutil.which("ss"):
        return ""
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True
    ).stdout
    match = re.search(r'users:\(\("([^"]+)",pid=(\d+)', out)
    return f" by {match.group(1)} (pid {match.group(2)})" if match else ""


ROLE_HINT = (
    "admin/admin, or a role user whose password is its login: buyer_import, "
    "purchasing_manager_import, warehouse_operator_domestic, "
    "warehouse_manager_domestic, service_agent_aftersales, "
    "service_manager_aftersales, process_owner_domestic, "
    "governance_controller_import, executive_group (see docs/roles/)"
)


def _stop(proc, first_signal):
    """Let Odoo shut down gracefully; force it only if it hangs."""
    if proc.poll() is None:
        proc.send_signal(first_signal)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def serve(db, port):
    # queue_job's runner serves the replenishment jobs of large companies
    cmd = odoo_cmd(
        "-d",
        db,
        f"--db-filter=^{db}$",
        f"--http-port={port}",
        "--load=base,web,queue_job",
    )
    say(f"==> Serving '{db}' at http://localhost:{port}")
    # Started from a background job, SIGINT may arrive ignored: restore it,
    # and pass SIGTERM on, so stopping this process always stops Odoo.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    proc = subprocess.Popen(cmd)
    # only forward: the wait below returns once Odoo has stopped
    signal.signal(signal.SIGTERM, lambda sig, _frame: proc.send_signal(sig))
    t0 = time.monotonic()
    url = f"http://127.0.0.1:{port}/web/login"
    ready = False
    while proc.poll() is None and time.monotonic() - t0 < 180:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    ready = True
                    break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    if ready:
        say(
            f"==> Ready after {time.monotonic() - t0:.1f}s: "
            f"http://localhost:{port} - log in as {ROLE_HINT}. Ctrl-C stops."
        )
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl-C in a terminal reaches Odoo too; give it a moment to stop on
        # its own before asking (a second SIGINT would force it).
        try:
            return proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return _stop(proc, signal.SIGINT)

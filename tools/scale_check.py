"""The multi-process layout of docker-compose.scale.yml, run on this machine
without Docker: two web nodes and one job node, each an Odoo server of its
own, on one throwaway copy of a database with the suite.

    make scale-check [SCALE_CHECK_DB=dist_small]
    .venv/bin/python tools/scale_check.py --template dev_x [--replica-port 5433]

The nodes' configurations are docker/scale/odoo-web.conf and odoo-job.conf
themselves, with only what the machine decides replaced: the addons path, a
scratch data directory (filestore and sessions, shared by the three nodes as
the odoo-data volume is), the local PostgreSQL, free ports, the database, and
access lines in the log. Then:

1. /web/health answers on every node;
2. the web nodes share sessions: admin logs in on web node 2, writes a
   contact there, and the same session reads it through web node 1; a login
   on web node 1 reads it too;
3. a queue_job job enqueued from an `odoo shell` (as any code with
   with_delay does) is run by the job node: done, its worker's process is a
   child of the job node, and only the job node's log has its runjob call;
4. only the job node started cron workers and queue_job's runner.

With --replica-port, the web nodes use that PostgreSQL server as their read
replica (db_replica_host/db_replica_port) and the check also reads the
contact through a read-only request served by the replica. Everything is
stopped and the copy dropped at the end. Exit status 0 when all holds.
"""

import argparse
import configparser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.suite_lib.bootstrap import venv_python, venv_site_packages
from tools.suite_lib.common import CONFIG, REPO, odoo_src

SCALE_DIR = REPO / "docker" / "scale"
START_TIMEOUT = 120


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_options():
    parser = configparser.RawConfigParser()
    parser.read(CONFIG)
    return dict(parser["options"])


def render(source, target, db, data_dir, ports, job_port, replica_port):
    """docker/scale/<source> with the machine's paths, database and ports."""
    conf = configparser.RawConfigParser()
    conf.read(source)
    options = conf["options"]
    local = local_options()
    options["addons_path"] = ",".join(
        [
            str(odoo_src() / "addons"),
            str(venv_site_packages() / "odoo" / "addons"),
            str(REPO / "addons"),
        ]
    )
    options["data_dir"] = str(data_dir)
    for key in ("db_host", "db_port", "db_user", "db_password", "admin_passwd"):
        options.pop(key, None)
        if key in local:
            options[key] = local[key]
    if "db_replica_host" in options:
        if replica_port:
            options["db_replica_host"] = local.get("db_host", "")
            options["db_replica_port"] = str(replica_port)
        else:
            del options["db_replica_host"]
            del options["db_replica_port"]
    options["db_name"] = db
    options["dbfilter"] = f"^{db}$"
    options["http_interface"] = "127.0.0.1"
    options["http_port"], options["gevent_port"] = map(str, ports)
    # access lines (werkzeug at INFO) show which node served /queue_job/runjob
    options["log_handler"] = ":INFO"
    if conf.has_section("queue_job") and conf["queue_job"].get("port"):
        conf["queue_job"]["port"] = str(job_port)
    with open(target, "w") as handle:
        conf.write(handle)


class Node:
    def __init__(self, name, conf, port, logdir):
        self.name, self.conf, self.port = name, conf, port
        self.log = logdir / f"{name}.log"
        self.proc = None

    def start(self):
        handle = open(self.log, "w")
        self.proc = subprocess.Popen(
            [
                str(venv_python()),
                str(odoo_src() / "odoo-bin"),
                "-c",
                str(self.conf),
                "--load=base,web,queue_job",
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def log_text(self):
        return self.log.read_text(errors="replace")


class Session:
    """A browser's cookies, for JSON-RPC calls to any node."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )

    def call(self, node, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            node.url(path),
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(f"{node.name} {path}: {answer['error']}")
        return answer["result"]

    def login(self, node, db):
        return self.call(
            node,
            "/web/session/authenticate",
            {"db": db, "login": "admin", "password": "admin"},
        )["uid"]

    def call_kw(self, node, model, method, args, kwargs=None):
        return self.call(
            node,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


def wait_healthy(nodes):
    deadline = time.monotonic() + START_TIMEOUT
    pending = list(nodes)
    while pending and time.monotonic() < deadline:
        for node in list(pending):
            if node.proc.poll() is not None:
                raise RuntimeError(f"{node.name} exited; see {node.log}")
            try:
                with urllib.request.urlopen(node.url("/web/health"), timeout=5) as r:
                    if r.status == 200 and json.load(r).get("status") == "pass":
                        pending.remove(node)
            except OSError:
                pass
        time.sleep(0.5)
    if pending:
        raise RuntimeError(f"no /web/health from {[n.name for n in pending]}")


def enqueue_job(conf, db, partner_id, marker):
    """Enqueue a job from an odoo shell, as code calling with_delay does."""
    script = (
        f"partner = env['res.partner'].browse({partner_id})\n"
        f"job = partner.with_delay(description='scale-check').write("
        f"{{'comment': {marker!r}}})\n"
        "env.cr.commit()\n"
        "print('JOB_UUID=' + job.uuid)\n"
    )
    proc = subprocess.run(
        [
            str(venv_python()),
            str(odoo_src() / "odoo-bin"),
            "shell",
            "-c",
            str(conf),
            "-d",
            db,
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("JOB_UUID="):
            return line.split("=", 1)[1]
    raise RuntimeError(f"no job enqueued:\n{proc.stdout}\n{proc.stderr}")


def psql(db, sql, port=None, **params):
    """One value from PostgreSQL; params are psql variables (:'name' in sql),
    passed apart from the query text."""
    cmd = ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", db]
    if port:
        cmd += ["-p", str(port)]
    for name, value in params.items():
        cmd += ["-v", f"{name}={value}"]
    return subprocess.run(
        cmd, input=sql, capture_output=True, text=True, check=True
    ).stdout.strip()


def checks(web1, web2, job, db, web_conf, replica_port, say):
    # 2. sessions shared by the web nodes; a record written on one, read on
    # the other
    session = Session()
    uid = session.login(web2, db)
    marker = f"scale-check {os.getpid()} {time.time():.0f}"
    partner_id = session.call_kw(web2, "res.partner", "create", [{"name": marker}])
    info = session.call(web1, "/web/session/get_session_info", {})
    assert info["uid"] == uid, "web node 1 does not know web node 2's session"
    # search_read is @api.readonly: with a replica, web-1 reads it there, and
    # sees the contact once the replica has replayed the write
    written = time.monotonic()
    while True:
        rows = session.call_kw(
            web1,
            "res.partner",
            "search_read",
            [[("name", "=", marker)]],
            {"fields": ["id"]},
        )
        if rows or not replica_port or time.monotonic() - written > 60:
            break
        time.sleep(0.2)
    assert [r["id"] for r in rows] == [partner_id], rows
    if replica_port:
        say(f"    visible through the replica {time.monotonic() - written:.1f}s later")
    other = Session()
    other.login(web1, db)
    rows = other.call_kw(web1, "res.partner", "read", [[partner_id], ["name"]])
    assert rows[0]["name"] == marker, rows
    say(
        f"    contact {partner_id} written on web-2, read on web-1 (shared session too)"
    )
    if replica_port:
        # search_read is @api.readonly: served through the replica's pool
        # (the replica streams from the primary: wait for the row to arrive)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = psql(
                db,
                "SELECT id FROM res_partner WHERE id = :'id'",
                port=replica_port,
                id=partner_id,
            )
            if found:
                break
            time.sleep(0.5)
        assert found, "the contact never reached the replica"
        rows = other.call_kw(
            web1,
            "res.partner",
            "search_read",
            [[("id", "=", partner_id)]],
            {"fields": ["name"]},
        )
        assert rows and rows[0]["name"] == marker
        # Odoo names its connections odoo-<pid> of the process that loaded
        # the registry: a node's master, whose workers inherit the name
        names = psql(
            "postgres",
            "SELECT string_agg(application_name, ',') FROM pg_stat_activity"
            " WHERE datname = :'dbname'",
            port=replica_port,
            dbname=db,
        ).split(",")
        pids = {int(n.removeprefix("odoo-")) for n in names if n.startswith("odoo-")}
        assert web1.proc.pid in pids, f"web-1 has no connection there: {names}"
        assert job.proc.pid not in pids, "the job node has no replica"
        say(
            f"    the contact reached the replica (port {replica_port}); web-1 "
            "read it there (its connections on the replica)"
        )

    # 3. a queued job run by the job node
    uuid = enqueue_job(web_conf, db, partner_id, marker)
    deadline = time.monotonic() + 60
    state = ""
    while time.monotonic() < deadline:
        state = psql(
            db,
            "SELECT state || ',' || coalesce(worker_pid, 0) FROM queue_job"
            " WHERE uuid = :'uuid'",
            uuid=uuid,
        )
        if state.startswith(("done", "failed")):
            break
        time.sleep(0.5)
    job_state, worker_pid = state.split(",")
    assert job_state == "done", f"job {uuid} is {state}"
    comment = psql(
        db, "SELECT comment FROM res_partner WHERE id = :'id'", id=partner_id
    )
    assert marker in comment, comment
    parent = parent_pid(int(worker_pid))
    assert parent == job.proc.pid, (
        f"job run by pid {worker_pid} (parent {parent}), "
        f"not the job node {job.proc.pid}"
    )
    assert f"job_uuid={uuid}" in job.log_text()
    for node in (web1, web2):
        assert f"job_uuid={uuid}" not in node.log_text(), node.name
    say(f"    job {uuid} done by the job node's worker {worker_pid}")

    # 4. crons and the runner on the job node only
    for node, expected in ((web1, False), (web2, False), (job, True)):
        text = node.log_text()
        assert ("WorkerCron" in text) == expected, f"{node.name}: cron workers"
        assert ("WorkerJobRunner" in text) == expected, f"{node.name}: job runner"
    say("    cron workers and queue_job's runner only on the job node")


def wait_for_replica(db, port, say):
    """Wait until the standby has replayed the copy's creation."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < 300:
        if psql(
            "postgres",
            "SELECT 1 FROM pg_database WHERE datname = :'dbname'",
            port=port,
            dbname=db,
        ):
            say(f"    the copy reached the replica after {time.monotonic() - t0:.0f}s")
            return
        time.sleep(1)
    raise RuntimeError(f"{db} did not reach the replica on port {port}")


def children(pid):
    """The processes whose parent is pid (an Odoo node's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def memory_report(nodes, say):
    """Resident memory of each node: its master and each worker."""
    for node in nodes:
        workers = sorted(rss_mib(pid) for pid in children(node.proc.pid))
        master = rss_mib(node.proc.pid)
        say(
            f"    {node.name}: master {master:.0f} MiB, {len(workers)} workers "
            f"{', '.join(f'{w:.0f}' for w in workers)} MiB "
            f"(total {master + sum(workers):.0f} MiB)"
        )


def parent_pid(pid):
    """Parent of a process, from /proc (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default="dist_small", help="database to copy")
    parser.add_argument(
        "--replica-port",
        type=int,
        help="port of a local streaming replica of the PostgreSQL server",
    )
    parser.add_argument("--keep", action="store_true", help="leave logs in place")
    args = parser.parse_args()
    say = lambda msg: print(msg, flush=True)  # noqa: E731
    t0 = time.monotonic()
    db = f"dist_scale_check_{os.getpid()}"
    scratch = Path(tempfile.mkdtemp(prefix="scale-check-"))
    data_dir = scratch / "data"
    local_data = Path(local_options().get("data_dir", REPO / ".local" / "data"))
    nodes = []
    try:
        say(f"==> copying {args.template} into {db}")
        subprocess.run(["createdb", "-T", args.template, db], check=True)
        if args.replica_port:
            wait_for_replica(db, args.replica_port, say)
        filestore = local_data / "filestore" / args.template
        if filestore.is_dir():
            shutil.copytree(filestore, data_dir / "filestore" / db)
        data_dir.mkdir(exist_ok=True)
        ports = {name: (free_port(), free_port()) for name in ("web-1", "web-2", "job")}
        job_port = ports["job"][0]
        confs = {}
        for name in ports:
            source = SCALE_DIR / ("odoo-job.conf" if name == "job" else "odoo-web.conf")
            confs[name] = scratch / f"{name}.conf"
            render(
                source,
                confs[name],
                db,
                data_dir,
                ports[name],
                job_port,
                args.replica_port,
            )
        nodes = [Node(name, confs[name], ports[name][0], scratch) for name in ports]
        web1, web2, job = nodes
        say("==> starting web-1, web-2 (workers 2, no crons, no runner) and job")
        for node in nodes:
            node.start()
        wait_healthy(nodes)
        say(f"    /web/health passes on all three after {time.monotonic() - t0:.0f}s")
        checks(web1, web2, job, db, confs["web-1"], args.replica_port, say)
        say("==> resident memory after the checks (VmRSS)")
        memory_report(nodes, say)
        say(f"==> scale check passed in {time.monotonic() - t0:.0f}s")
        return 0
    except (AssertionError, RuntimeError, subprocess.CalledProcessError) as exc:
        say(f"==> scale check FAILED: {exc}")
        for node in nodes:
            say(f"    log of {node.name}: {node.log}")
        args.keep = True
        return 1
    finally:
        for node in nodes:
            node.stop()
        subprocess.run(["dropdb", "--if-exists", db], check=False)
        if args.keep:
            say(f"    logs kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""The container deployment, checked without Docker: docker-compose.yml (the
demo), docker-compose.scale.yml (reverse proxy, two web nodes, a job node, a
PostgreSQL primary and its streaming replica), the Dockerfile's pins, the
nginx configuration, and every Odoo configuration file they use, parsed by
Odoo's own configmanager (docs/operations.md describes the layout)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "docker-compose.yml"
SCALE = REPO / "docker-compose.scale.yml"
DOCKERFILE = REPO / "docker" / "Dockerfile"
SCALE_DIR = REPO / "docker" / "scale"

# name:version with a version of at least major.minor (postgres 16.9, nginx
# 1.27.5, python 3.12.11), an optional variant and an optional digest
PINNED_IMAGE = re.compile(
    r"^[a-z0-9][a-z0-9./_-]*:\d+\.\d+(\.\d+)?(-[a-z0-9.]+)*(@sha256:[0-9a-f]{64})?$"
)
COMMIT = re.compile(r"^[0-9a-f]{40}$")
ODOO_CONFIGS = [
    REPO / "docker" / "odoo.conf",
    SCALE_DIR / "odoo-web.conf",
    SCALE_DIR / "odoo-job.conf",
    REPO / "config" / "odoo.conf.example",
]


def _compose(path):
    return yaml.safe_load(path.read_text())


def _dockerfile_args():
    return dict(
        re.findall(r"^ARG\s+(\w+)=(\S*)\s*$", DOCKERFILE.read_text(), re.MULTILINE)
    )


def _odoo_services(compose):
    """The services running the suite's image (built from docker/Dockerfile)."""
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("build", {}).get("dockerfile") == "docker/Dockerfile"
    }


def _mounted_config(compose, service, target_prefix="/etc/odoo/"):
    """The repository file mounted as the service's Odoo configuration."""
    for item in service.get("configs", []):
        if item["target"].startswith(target_prefix):
            return REPO / compose["configs"][item["source"]]["file"]
    return None


def _parse_odoo_configs(paths):
    """Parse each file with a fresh odoo.tools.config.configmanager in a child
    process (parsing sets module globals of odoo.conf that the test session's
    own Odoo uses), and report the parsed options, the keys of [options] that
    are no Odoo option, and queue_job's reading of its channels."""
    script = r"""
import json, sys
from odoo.tools.config import configmanager
from odoo.addons.queue_job.jobrunner.channels import ChannelManager

out = {}
for path in sys.argv[1:]:
    manager = configmanager()
    known = set(manager.options)
    manager._parse_config(["-c", path])
    import configparser
    raw = configparser.RawConfigParser()
    raw.read(path)
    unknown = sorted(set(raw["options"]) - known)
    channels = manager.misc.get("queue_job", {}).get("channels")
    parsed = ChannelManager.parse_simple_config(channels) if channels else None
    out[path] = {
        "options": {k: v for k, v in manager.options.items() if k != "init"},
        "unknown": unknown,
        "queue_job": manager.misc.get("queue_job", {}),
        "channels": parsed,
    }
print(json.dumps(out, default=str))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def parsed():
    return _parse_odoo_configs(ODOO_CONFIGS)


def _conf(parsed, path):
    return parsed[str(path)]


def _runner_enabled(conf):
    """queue_job's own rule (jobrunner._is_runner_enabled): channels starting
    with root:0 switch the runner off."""
    channels = conf["queue_job"].get("channels") or ""
    return bool(channels) and not channels.strip().startswith("root:0")


# --- nginx.conf, read as nested blocks -----------------------------------------


def _nginx_tokens(text):
    text = re.sub(r"#[^\n]*", "", text)
    return re.findall(r'"[^"]*"|\{|\}|;|[^\s{};"]+', text)


def _nginx_blocks(tokens, pos=0):
    """[(directive, [args], children or None)] from the tokens at pos."""
    items, words = [], []
    while pos < len(tokens):
        token = tokens[pos]
        pos += 1
        if token == ";":
            items.append((words[0], words[1:], None))
            words = []
        elif token == "{":
            children, pos = _nginx_blocks(tokens, pos)
            items.append((words[0], words[1:], children))
            words = []
        elif token == "}":
            return items, pos
        else:
            words.append(token.strip('"'))
    return items, pos


def _nginx():
    blocks, _pos = _nginx_blocks(_nginx_tokens((SCALE_DIR / "nginx.conf").read_text()))
    return blocks


def _find(items, directive, *args):
    return [i for i in items if i[0] == directive and i[1][: len(args)] == list(args)]


# --- images and sources --------------------------------------------------------


@pytest.mark.parametrize("path", [DEMO, SCALE], ids=["demo", "scale"])
def test_images_are_pinned(path):
    compose = _compose(path)
    for name, service in compose["services"].items():
        image = service.get("image", "")
        if "build" in service:
            # our own image, tagged with the Odoo commit it is built from
            commit = service["build"]["args"]["ODOO_COMMIT"]
            assert COMMIT.match(commit), f"{name}: ODOO_COMMIT {commit!r} is no commit"
            assert image.endswith(commit[:8]), f"{name}: image {image} lacks the commit"
            continue
        assert PINNED_IMAGE.match(image), f"{name}: image {image!r} is not pinned"
        assert ":latest" not in image


def test_dockerfile_pins_its_base_and_the_odoo_source():
    text = DOCKERFILE.read_text()
    args = _dockerfile_args()
    assert PINNED_IMAGE.match(args["PYTHON_IMAGE"]), args["PYTHON_IMAGE"]
    assert COMMIT.match(args["ODOO_COMMIT"]), "the Odoo source must be a commit"
    # every stage starts from the pinned base, none from a floating tag
    assert re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE) == ["${PYTHON_IMAGE}"] * 2
    assert "archive/$ODOO_COMMIT.tar.gz" in text
    # the OCA addons come from their pins, openupgradelib from requirements.txt
    assert "-r /tmp/dist-suite/oca-addons.txt" in text
    for line in (REPO / "oca-addons.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"oca-addons.txt: {line} is not pinned"
    # both compose files build the commit the Dockerfile records by default
    for path in (DEMO, SCALE):
        for name, service in _odoo_services(_compose(path)).items():
            build_args = service["build"]["args"]
            assert build_args["ODOO_COMMIT"] == args["ODOO_COMMIT"], name
            assert build_args["ODOO_REPO"] == args["ODOO_REPO"], name


# --- queue_job, crons, workers -------------------------------------------------


@pytest.mark.parametrize("path", [DEMO, SCALE], ids=["demo", "scale"])
def test_queue_job_is_loaded_server_wide_in_every_odoo_service(path, parsed):
    compose = _compose(path)
    services = _odoo_services(compose)
    assert services
    for name, service in services.items():
        command = service.get("command") or []
        assert "--load=base,web,queue_job" in command, name
        config = _mounted_config(compose, service) or REPO / "docker" / "odoo.conf"
        modules = _conf(parsed, config)["options"]["server_wide_modules"].split(",")
        assert "queue_job" in modules, f"{name}: {config.name} does not load queue_job"


def test_only_the_job_node_runs_crons_and_the_queue_runner(parsed):
    compose = _compose(SCALE)
    services = _odoo_services(compose)
    roles = {}
    for name, service in services.items():
        conf = _conf(parsed, _mounted_config(compose, service))
        options = conf["options"]
        runs_crons = options["max_cron_threads"] > 0
        runs_queue = _runner_enabled(conf)
        assert options["workers"] > 0, f"{name}: multiprocessing mode expected"
        roles[name] = (runs_crons, runs_queue)
    assert roles == {
        "odoo-web-1": (False, False),
        "odoo-web-2": (False, False),
        "odoo-job": (True, True),
    }
    web = _conf(parsed, SCALE_DIR / "odoo-web.conf")
    job = _conf(parsed, SCALE_DIR / "odoo-job.conf")
    assert web["options"]["max_cron_threads"] == 0
    assert web["channels"] == [{"capacity": 0, "name": "root"}]
    assert job["channels"][0]["name"] == "root"
    assert job["channels"][0]["capacity"] >= 1
    # the runner sends each job to the job node's own HTTP port
    assert int(job["queue_job"]["port"]) == job["options"]["http_port"]
    # nginx sends users to the web nodes only, and only nginx is published
    for name, service in compose["services"].items():
        assert ("ports" in service) == (name == "nginx"), name


def test_odoo_configurations_hold_only_odoo_options(parsed):
    for path in ODOO_CONFIGS:
        conf = _conf(parsed, path)
        assert conf["unknown"] == [], f"{path.name}: not Odoo options {conf['unknown']}"
        assert conf["options"]["without_demo"] == "all", path.name
    # the scale nodes: one database, no database manager
    for name in ("odoo-web.conf", "odoo-job.conf"):
        options = _conf(parsed, SCALE_DIR / name)["options"]
        assert options["list_db"] is False, name
        assert options["dbfilter"] == f"^{options['db_name']}$", name
        assert options["data_dir"] == "/var/lib/odoo", name
        assert options["limit_memory_soft"] < options["limit_memory_hard"], name


# --- PostgreSQL primary and replica ------------------------------------------------


def test_web_nodes_read_from_the_streaming_replica(parsed):
    compose = _compose(SCALE)
    services = compose["services"]
    web = _conf(parsed, SCALE_DIR / "odoo-web.conf")["options"]
    job = _conf(parsed, SCALE_DIR / "odoo-job.conf")["options"]
    primary, replica = services[web["db_host"]], services[web["db_replica_host"]]
    assert web["db_replica_host"] != web["db_host"]
    assert web["db_replica_port"] == web["db_port"] == 5432
    # the job node writes and reads its own writes: the primary only
    assert job["db_host"] == web["db_host"]
    assert job["db_replica_host"] is False
    # the primary streams: WAL for replicas, and the replication role and slot
    # created on first start by the init script it mounts
    command = " ".join(primary["command"])
    assert "wal_level=replica" in command and "max_wal_senders=" in command
    init = [v for v in primary["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init, "the primary mounts no init script"
    script = (REPO / init[0].split(":")[0]).read_text()
    assert "WITH REPLICATION LOGIN" in script
    assert "pg_create_physical_replication_slot" in script
    assert "host replication" in script
    # the replica is a hot standby made by pg_basebackup from that primary
    assert replica["image"] == primary["image"]
    assert "hot_standby=on" in replica["command"]
    assert replica["environment"]["PRIMARY_HOST"] == web["db_host"]
    assert (
        replica["environment"]["REPLICATION_SLOT"]
        == (primary["environment"]["REPLICATION_SLOT"])
    )
    entrypoint = replica["entrypoint"][0]
    mounted = [v for v in replica["volumes"] if v.endswith(f":{entrypoint}:ro")]
    assert mounted, "the replica's entrypoint script is not mounted"
    script = (REPO / mounted[0].split(":")[0]).read_text()
    assert "pg_basebackup" in script and "--write-recovery-conf" in script
    assert "--wal-method=stream" in script
    assert 'exec docker-entrypoint.sh "$@"' in script
    # Odoo waits for both databases
    for name in ("odoo-web-1", "odoo-web-2"):
        assert set(services[name]["depends_on"]) == {
            web["db_host"],
            web["db_replica_host"],
        }


# --- nginx -----------------------------------------------------------------------


def test_nginx_routes_websocket_to_the_gevent_port(parsed):
    compose = _compose(SCALE)
    web = _conf(parsed, SCALE_DIR / "odoo-web.conf")["options"]
    assert web["proxy_mode"] is True
    web_nodes = sorted(
        name
        for name, service in _odoo_services(compose).items()
        if _mounted_config(compose, service).name == "odoo-web.conf"
    )
    assert web_nodes == ["odoo-web-1", "odoo-web-2"]
    blocks = _nginx()
    upstreams = {
        args[0]: sorted(child[1][0] for child in children if child[0] == "server")
        for _d, args, children in _find(blocks, "upstream")
    }
    (server,) = _find(blocks, "server")
    locations = {
        args[-1]: children for _d, args, children in _find(server[2], "location")
    }

    def upstream_of(location):
        (proxy_pass,) = _find(locations[location], "proxy_pass")
        return proxy_pass[1][0].removeprefix("http://")

    websocket = upstream_of("/websocket")
    assert upstreams[websocket] == [f"{n}:{web['gevent_port']}" for n in web_nodes]
    assert upstreams[upstream_of("/")] == [f"{n}:{web['http_port']}" for n in web_nodes]
    headers = {
        args[0]: args[1]
        for _d, args, _c in _find(locations["/websocket"], "proxy_set_header")
    }
    assert headers["Upgrade"] == "$http_upgrade"
    assert headers["Connection"] == "$connection_upgrade"
    assert _find(locations["/websocket"], "proxy_http_version", "1.1")
    # proxy_mode trusts these headers: set for every location
    server_headers = {args[0] for _d, args, _c in _find(server[2], "proxy_set_header")}
    for header in ("X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto"):
        assert header in server_headers and header in headers, header
    # nginx's config is mounted where the image reads it
    (mount,) = compose["services"]["nginx"]["configs"]
    assert mount["target"] == "/etc/nginx/conf.d/default.conf"
    assert compose["configs"][mount["source"]]["file"] == "./docker/scale/nginx.conf"


@pytest.mark.parametrize("path", [DEMO, SCALE], ids=["demo", "scale"])
def test_container_logs_are_rotated(path):
    for name, service in _compose(path)["services"].items():
        logging = service.get("logging", {})
        assert logging.get("driver") == "json-file", name
        assert logging["options"]["max-size"] and logging["options"]["max-file"], name


def test_mounted_files_exist():
    for path in (DEMO, SCALE):
        compose = _compose(path)
        for config in (compose.get("configs") or {}).values():
            assert (REPO / config["file"]).is_file(), config["file"]
        for name, service in compose["services"].items():
            for volume in service.get("volumes", []):
                source = volume.split(":")[0]
                if source.startswith("./"):
                    assert (REPO / source).is_file(), f"{name}: {source}"

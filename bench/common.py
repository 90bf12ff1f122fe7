"""What the suite's benchmarks share: the Odoo launcher, opening a bench
database (updating the addons under test first), writing the result file."""

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def odoo_bin():
    import odoo

    return Path(odoo.__file__).resolve().parents[1] / "odoo-bin"


def update_addons(config, db, modules):
    """`odoo-bin -u modules` in `db`, quietly; raises when it fails."""
    subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "python"),
            str(odoo_bin()),
            "-c",
            config,
            "-d",
            db,
            "-u",
            modules,
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )


def open_bench_db(config, scale, modules, update=True, db=None):
    """(odoo, registry) of `db` (default dist_bench_<scale>) with `modules`
    updated first (unless `update` is False); None, with a message, when the
    database is missing."""
    import odoo
    from odoo.modules.registry import Registry

    db = db or f"dist_bench_{scale}"
    odoo.tools.config.parse_config(["-c", config, "-d", db])
    if not odoo.service.db.exp_db_exist(db):
        print(
            f"No database {db}: build it first with make bench SCALE={scale}"
            + (
                f" (bench/bench_scenario.py --scale {scale} --db {db})"
                if db != f"dist_bench_{scale}"
                else ""
            )
        )
        return None
    if update:
        t0 = time.perf_counter()
        update_addons(config, db, modules)
        print(f"{modules} updated in {db} in {time.perf_counter() - t0:.1f}s")
    return odoo, Registry(db)


def write_result(name, text):
    """Print `text` and keep it in bench/results/<name>.txt."""
    print(text)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.txt").write_text(text + "\n")


if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

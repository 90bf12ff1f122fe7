#!/usr/bin/env python3
"""Set up, serve and test the Odoo Distribution Suite.

This is the engine behind the README's two commands:

    make run    ->  suite.py run     set up what is missing, build the demo
                                     database once, serve http://localhost:8069
    make test   ->  suite.py test    set up what is missing, lint, install the
                                     four addons with their tests in a throwaway
                                     database, run the top-level tests/
    make test-upgrade -> suite.py test-upgrade   a recorded release (RELEASES)
                                     with its tiny scenario and user edits,
                                     upgraded to the checkout's addons
    make screenshots -> suite.py screenshots   the role tours alone, in a
                                     throwaway database, their screenshots
                                     written to docs/roles/img
    make i18n   ->  suite.py i18n    the addons' translation templates
                                     (addons/<addon>/i18n/<addon>.pot) from a
                                     throwaway database, or --db NAME
    make i18n-check -> suite.py i18n-check   fails when a committed template
                                     is not what the addons export
    make backup / restore / verify-backup / staging -> suite.py backup ...
                                     a consistent, checksummed backup of a
                                     database and its file store; its restore;
                                     its proof in a scratch database; a
                                     neutralized copy for release testing
    make test-uninstall -> suite.py test-uninstall   each addon uninstalled
                                     from a throwaway database with data,
                                     checked for leftovers, reinstalled, its
                                     core flows walked

It starts with the standard library only (any Python 3.8+), creates `.venv`
with Python 3.11 or 3.12, then re-executes itself inside that virtualenv so
the later steps can use psycopg2 and Odoo.

The steps live in tools/suite_lib/, one module per responsibility; this file
holds the commands. Every step prints what it does and how long it took. A
broken environment ends with one message saying what to do (exit status 2),
not a traceback.
"""

import argparse
import os
import shlex
import sys
import time

from suite_lib import backup
from suite_lib.bootstrap import ensure_odoo_source, ensure_venv, reexec_in_venv
from suite_lib.common import (
    DEMO_DB,
    IN_VENV_FLAG,
    OPTIONAL_BRIDGES,
    REPO,
    SetupError,
    Step,
    odoo_src,
    say,
)
from suite_lib.compat import (
    COMPAT_ADDONS,
    baseline_verdict,
    clone_database,
    load_known_failures,
    load_results,
    modules_to_install,
    prepare_database,
    run_all,
    save_results,
    suite_verdict,
)
from suite_lib.databases import (
    build_scenario,
    database_exists,
    drop_database,
    ensure_demo_database,
    install_addons,
    odoo_cmd,
    write_config,
)
from suite_lib.i18n import stale_pots, write_pots
from suite_lib.postgres import ensure_postgres
from suite_lib.serving import free_port, port_in_use, serve, who_listens
from suite_lib.testing import (
    ensure_chromium,
    lint,
    run_addon_tests,
    run_role_tours,
    run_toplevel_tests,
    throwaway_database,
)
from suite_lib.uninstall import prepare, print_report, run_probe
from suite_lib.upgrade import test_upgrade


def common_setup():
    ensure_postgres()
    write_config(odoo_src())


def cmd_setup(args):
    common_setup()
    return 0


def cmd_run(args):
    t0 = time.monotonic()
    if port_in_use(args.port):
        raise SetupError(
            f"Port {args.port} is already in use{who_listens(args.port)}. Stop "
            f"that program (an earlier make run?) or choose another port: "
            f"make run PORT=8070"
        )
    common_setup()
    ensure_demo_database(args.reset, args.scale)
    say(f"==> Set-up finished in {time.monotonic() - t0:.1f}s")
    return serve(DEMO_DB, args.port)


def cmd_scenario(args):
    common_setup()
    if args.reset and database_exists(args.db):
        with Step(f"Dropping database '{args.db}'"):
            drop_database(args.db)
    if database_exists(args.db):
        raise SetupError(
            f"Database '{args.db}' exists; pass --reset (make scenario RESET=1) "
            "to rebuild it."
        )
    with Step(f"Creating database '{args.db}' with the suite's addons"):
        install_addons(args.db, f"install-{args.db}.log")
    with Step(f"Scenario at scale '{args.scale}'"):
        build_scenario(args.db, args.scale, f"scenario-{args.db}.log")
    return 0


def cmd_lint(args):
    return 1 if lint() else 0


def cmd_test(args):
    t0 = time.monotonic()
    lint_failed = [] if args.skip_lint else lint()
    common_setup()
    browser_failed = not ensure_chromium() and os.environ.get("CI") == "true"
    if browser_failed:
        say("    CI=true: the browser tours must run, and cannot without Chromium.")
    db = throwaway_database("dist_test")
    passed = failed = 0
    i18n_failed = ""
    try:
        p, f = run_addon_tests(db, free_port())
        passed, failed = passed + p, failed + f
        if database_exists(db):
            # the addons are installed here, their tests rolled back: the
            # templates are checked before the top-level tests write a scenario
            i18n_failed = i18n_check_in(db)
            p, f = run_toplevel_tests(db)
            passed, failed = passed + p, failed + f
            p, f = run_addon_tests(
                db, free_port(), OPTIONAL_BRIDGES, "test-optional-bridges.log"
            )
            passed, failed = passed + p, failed + f
    finally:
        if not args.keep_db and database_exists(db):
            drop_database(db)
    if lint_failed:
        say("Lint failed: " + ", ".join(lint_failed))
        failed += len(lint_failed)
    if i18n_failed:
        say("Translation templates: " + i18n_failed)
        failed += 1
    if browser_failed:
        failed += 1
    say(f"==> make test finished in {time.monotonic() - t0:.1f}s")
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def i18n_check_in(db):
    """'' when the committed templates are what `db` exports, else what is
    wrong."""
    try:
        stale = stale_pots(db)
    except SetupError as exc:
        say(f"    {exc}")
        return "the export failed"
    return "stale: " + ", ".join(stale) + " (make i18n, then commit)" if stale else ""


def i18n_database(args, work):
    """Run work(db) on --db, else on a throwaway database with the addons."""
    common_setup()
    if args.db:
        if not database_exists(args.db):
            raise SetupError(f"Database '{args.db}' does not exist.")
        return work(args.db)
    db = throwaway_database("dist_i18n")
    try:
        with Step(f"Installing the four addons in '{db}'"):
            install_addons(db, "install-i18n.log")
        return work(db)
    finally:
        if database_exists(db):
            drop_database(db)


def cmd_i18n(args):
    changed = i18n_database(args, write_pots)
    if changed:
        say("Written: " + ", ".join(f"addons/{a}/i18n/{a}.pot" for a in changed))
    return 0


def cmd_i18n_check(args):
    failed = i18n_database(args, i18n_check_in)
    if failed:
        say("Translation templates " + failed)
    return 1 if failed else 0


def cmd_screenshots(args):
    t0 = time.monotonic()
    common_setup()
    if not ensure_chromium():
        raise SetupError(
            "The screenshots are taken by the browser tours, which need Chromium "
            "(Debian/Ubuntu: sudo apt install chromium)."
        )
    db = throwaway_database("dist_shots")
    try:
        passed, failed, written = run_role_tours(db, free_port())
    finally:
        if not args.keep_db and database_exists(db):
            drop_database(db)
    say(f"{len(written)} pictures written:")
    for path in written:
        say(f"    {path.relative_to(REPO)}")
    say(f"==> make screenshots finished in {time.monotonic() - t0:.1f}s")
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def cmd_test_compat(args):
    t0 = time.monotonic()
    addons = args.addons.split(",") if args.addons else list(COMPAT_ADDONS)
    known = load_known_failures()
    common_setup()
    browser_failed = not ensure_chromium() and os.environ.get("CI") == "true"
    if browser_failed:
        say("    CI=true: the browser tours must run, and cannot without Chromium.")
    label = "-baseline" if args.baseline else ""
    db = throwaway_database("dist_compat_base" if args.baseline else "dist_compat")
    lane_dbs = [db]
    modules = modules_to_install(addons, args.baseline)
    try:
        prepare_database(db, modules, label)
        jobs = min(args.jobs, len(addons))
        if jobs > 1:
            with Step(f"Copies of '{db}' for {jobs - 1} more lane(s)"):
                for lane in range(2, jobs + 1):
                    clone = db.replace("dist_compat", f"dist_compat_l{lane}", 1)
                    clone_database(db, clone)
                    lane_dbs.append(clone)
        results, broken, seconds = run_all(lane_dbs, addons, label, known)
    finally:
        for name in lane_dbs:
            if not args.keep_db and database_exists(name):
                drop_database(name)
    save_results(results, label, addons)
    say("Time per addon: " + ", ".join(f"{a} {seconds[a]:.0f}s" for a in addons))
    if broken:
        say("pytest did not finish for: " + ", ".join(broken))
    if args.baseline:
        confirmed, refuted = baseline_verdict(results, known, addons, load_results(""))
        say(f"==> make test-compat BASELINE=1 finished in {time.monotonic() - t0:.1f}s")
        say(
            f"{confirmed} known failures fail without the suite too, "
            f"{refuted + len(broken)} failed"
        )
        return 0 if refuted + len(broken) == 0 else 1
    passed, failed = suite_verdict(results, known, addons)
    failed += len(broken) + browser_failed
    say(f"==> make test-compat finished in {time.monotonic() - t0:.1f}s")
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def cmd_backup(args):
    t0 = time.monotonic()
    common_setup()
    target, manifest = backup.backup(args.db, backup.backup_root(args.dir))
    say(f"==> make backup finished in {time.monotonic() - t0:.1f}s")
    say(
        f"Backup of '{args.db}': {target}\n"
        f"    {len(manifest['row_counts'])} tables, "
        f"{sum(manifest['row_counts'].values())} rows, "
        f"{manifest['filestore']['files']} files in the file store; "
        f"suite {manifest['suite']['git_sha']}"
    )
    return 0


def _chosen_backup(args):
    if args.backup:
        return args.backup
    root = backup.backup_root(args.dir)
    latest = backup.latest_backup(root)
    if latest is None:
        raise SetupError(
            f"No backup in {root}: make backup first, or pass BACKUP=<dir>."
        )
    return latest


def cmd_restore(args):
    t0 = time.monotonic()
    common_setup()
    source = _chosen_backup(args)
    manifest = backup.read_manifest(source)
    db = args.db or manifest["database"]
    backup.restore(source, db, reset=args.reset)
    say(f"==> make restore finished in {time.monotonic() - t0:.1f}s")
    say(f"'{db}' restored from {source} (made {manifest['created_at']})")
    return 0


def cmd_verify_backup(args):
    t0 = time.monotonic()
    common_setup()
    source = _chosen_backup(args)
    manifest, problems = backup.verify_backup(source, args.port or free_port())
    say(f"==> make verify-backup finished in {time.monotonic() - t0:.1f}s")
    say(
        f"Backup {source}: '{manifest['database']}' of {manifest['created_at']}, "
        f"suite {manifest['suite']['git_sha']}"
    )
    if problems:
        say(f"FAILED, {len(problems)} problem(s):")
        for problem in problems:
            say(f"    {problem}")
        return 1
    say(
        "OK: checksums match, row counts equal, attachment files present, "
        "Odoo opens it and its users log in"
    )
    return 0


def cmd_staging(args):
    t0 = time.monotonic()
    common_setup()
    staging_db = args.staging_db or f"{args.db}_staging"
    source = backup.staging(
        args.db,
        staging_db,
        backup.backup_root(args.dir),
        from_backup=args.backup,
        reset=args.reset,
    )
    say(f"==> make staging finished in {time.monotonic() - t0:.1f}s")
    say(
        f"'{staging_db}': a neutralized copy of '{args.db}' (from {source}). "
        f"Serve it on its own:\n    "
        + shlex.join(odoo_cmd("-d", staging_db, f"--db-filter=^{staging_db}$"))
    )
    return 0


def cmd_test_upgrade(args):
    t0 = time.monotonic()
    common_setup()
    db = throwaway_database("dist_upgrade")
    report = []
    try:
        status = test_upgrade(db, args.from_release)
        if args.then_uninstall and database_exists(db):
            # CI: the upgraded database (old release's scenario, the user's
            # edits, this checkout's addons) is the data the uninstall check
            # needs; reusing it saves installing and building a second one
            with Step(f"Installing {', '.join(OPTIONAL_BRIDGES)} in '{db}'"):
                install_addons(
                    db, "install-upgrade-bridges.log", modules=OPTIONAL_BRIDGES
                )
            report = run_probe(db)
    finally:
        if not args.keep_db and database_exists(db):
            drop_database(db)
    say("upgrade check passed" if status == 0 else "upgrade check FAILED")
    if args.then_uninstall:
        say("Uninstall report of the upgraded database, per addon:")
        failed = print_report(report)
        say(f"{len(report) - failed} passed, {failed} failed")
        if failed or not report:
            status = 1
    say(f"==> make test-upgrade finished in {time.monotonic() - t0:.1f}s")
    return status


def cmd_test_uninstall(args):
    t0 = time.monotonic()
    common_setup()
    db = throwaway_database("dist_uninstall")
    try:
        prepare(db)
        report = run_probe(db)
    finally:
        if not args.keep_db and database_exists(db):
            drop_database(db)
    say("Uninstall report, per addon:")
    failed = print_report(report)
    say(f"==> make test-uninstall finished in {time.monotonic() - t0:.1f}s")
    say(f"{len(report) - failed} passed, {failed} failed")
    return 0 if failed == 0 and report else 1


def main(argv):
    parser = argparse.ArgumentParser(
        prog="suite.py", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="set up what is missing, then stop")
    p_run = sub.add_parser("run", help="set up, build the demo database once, serve")
    p_run.add_argument("--reset", action="store_true", help="rebuild the database")
    p_run.add_argument("--port", type=int, default=8069)
    p_run.add_argument("--scale", default="small")
    p_test = sub.add_parser("test", help="lint and run every test")
    p_test.add_argument("--keep-db", action="store_true")
    p_test.add_argument("--skip-lint", action="store_true")
    p_compat = sub.add_parser(
        "test-compat",
        help="the upstream addons' own tests with the suite installed",
    )
    p_compat.add_argument("--keep-db", action="store_true")
    p_compat.add_argument(
        "--baseline",
        action="store_true",
        help="the same tests without the suite's addons",
    )
    p_compat.add_argument(
        "--jobs",
        type=int,
        default=2,
        help="lanes of addons run side by side, each in its own copy of the "
        "database (default 2)",
    )
    p_compat.add_argument(
        "--addons",
        help="comma-separated addons whose tests run (default: "
        + ",".join(COMPAT_ADDONS)
        + ")",
    )
    p_upgrade = sub.add_parser(
        "test-upgrade",
        help="install a recorded release with the tiny scenario and user edits, "
        "upgrade it to the checkout, fail on a lost row, edit or logged warning",
    )
    p_upgrade.add_argument("--keep-db", action="store_true")
    p_upgrade.add_argument(
        "--from",
        dest="from_release",
        help="the release's name in RELEASES (default: the last one)",
    )
    p_upgrade.add_argument(
        "--then-uninstall",
        action="store_true",
        help="then run test-uninstall's checks on the upgraded database (CI)",
    )
    p_shots = sub.add_parser(
        "screenshots",
        help="run the role tours alone and write their screenshots to docs/roles/img",
    )
    p_shots.add_argument("--keep-db", action="store_true")
    p_uninstall = sub.add_parser(
        "test-uninstall",
        help="uninstall each addon from a database with data, check what it "
        "leaves, reinstall it and walk the core flows",
    )
    p_uninstall.add_argument("--keep-db", action="store_true")
    sub.add_parser("lint", help="ruff, ruff-format and pylint-odoo")
    for name, what in (
        ("i18n", "write the addons' translation templates (.pot)"),
        ("i18n-check", "fail when a committed translation template is stale"),
    ):
        p_i18n = sub.add_parser(name, help=what)
        p_i18n.add_argument(
            "--db",
            help="a database with the four addons installed and current "
            "(default: a throwaway one, installed for the purpose)",
        )
    p_sc = sub.add_parser("scenario", help="a database with the scenario at a scale")
    p_sc.add_argument("--db", required=True)
    p_sc.add_argument("--scale", default="small")
    p_sc.add_argument("--reset", action="store_true")
    p_bk = sub.add_parser("backup", help="a consistent, checksummed backup")
    p_bk.add_argument("--db", default=DEMO_DB)
    p_bk.add_argument("--dir", help="where backups go (default: backups/)")
    p_rs = sub.add_parser("restore", help="restore a backup into a new database")
    p_rs.add_argument("--backup", help="a backup directory (default: the latest)")
    p_rs.add_argument("--dir", help="where backups are (default: backups/)")
    p_rs.add_argument("--db", help="the new database (default: the backed-up name)")
    p_rs.add_argument(
        "--reset",
        action="store_true",
        help="replace an existing one, once the restore has succeeded",
    )
    p_vb = sub.add_parser(
        "verify-backup", help="restore into a scratch database and prove it"
    )
    p_vb.add_argument("--backup", help="a backup directory (default: the latest)")
    p_vb.add_argument("--dir", help="where backups are (default: backups/)")
    p_vb.add_argument("--port", type=int, help="HTTP port (default: a free one)")
    p_st = sub.add_parser("staging", help="a neutralized copy of production")
    p_st.add_argument("--db", default=DEMO_DB)
    p_st.add_argument("--staging-db", help="default: <db>_staging")
    p_st.add_argument("--backup", help="copy this backup instead of a fresh one")
    p_st.add_argument("--dir", help="where the fresh backup goes (default: backups/)")
    p_st.add_argument(
        "--reset",
        action="store_true",
        help="replace an existing one, once the restore has succeeded",
    )
    args = parser.parse_args(argv)

    try:
        if not os.environ.get(IN_VENV_FLAG):
            say(f"Odoo Distribution Suite: {args.command}")
            src = ensure_odoo_source()
            ensure_venv(src)
            reexec_in_venv(argv)  # does not return
        handler = {
            "setup": cmd_setup,
            "run": cmd_run,
            "test": cmd_test,
            "test-compat": cmd_test_compat,
            "test-upgrade": cmd_test_upgrade,
            "test-uninstall": cmd_test_uninstall,
            "screenshots": cmd_screenshots,
            "lint": cmd_lint,
            "i18n": cmd_i18n,
            "i18n-check": cmd_i18n_check,
            "scenario": cmd_scenario,
            "backup": cmd_backup,
            "restore": cmd_restore,
            "verify-backup": cmd_verify_backup,
            "staging": cmd_staging,
        }[args.command]
        return handler(args)
    except SetupError as exc:
        say(f"\nERROR: {exc}")
        return 2
    except KeyboardInterrupt:
        say("\ninterrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""pytest plugin for make test-compat: upstream tests, chosen as Odoo chooses.

pytest-odoo collects every class of a test file that derives from
unittest.TestCase, and every method its loader finds, so by itself it would
run a base class imported into a test module (TestStockCommon in each of
stock's test files) once per importing module, inherited test methods once
per subclass, files that the addon's tests/__init__.py does not import, and
tests tagged out of the default run (-standard, external, manual). Odoo's
runner does none of that. This plugin asks Odoo's own loader
(odoo.tests.loader) which tests it would run for each addon under test,
before pytest imports anything, and deselects the rest, so each upstream test
runs once, from its own module. The install position (at_install,
post_install) is not a filter: every test runs against the database with the
whole registry, which is the point. It also names the running test in
odoo.modules.module as Odoo's runner does.

Options:
  --compat-tags SPEC    Odoo's --test-tags spec (default: +standard)
  --compat-report PATH  a JSON file with each test's id, outcome, duration and
                        the first line of its error

A test's id is `<addon>/<file inside the addon>::<class>::<method>`, the
form tests/compat/known_failures.txt uses.
"""

import importlib
import json
import sys
from pathlib import Path

import pytest

_SELECTED = pytest.StashKey[set]()
_RESULTS = pytest.StashKey[dict]()
_MISSING = pytest.StashKey[list]()


def pytest_addoption(parser):
    group = parser.getgroup("compat", "make test-compat")
    group.addoption(
        "--compat-tags",
        default="+standard",
        help="Odoo --test-tags spec the upstream tests are selected by",
    )
    group.addoption(
        "--compat-report",
        default=None,
        help="JSON file receiving each test's outcome",
    )


def addon_of(path):
    """The addon directory holding `path` (its __manifest__.py), or None."""
    path = Path(path).resolve()
    for candidate in (path, *path.parents):
        if (candidate / "__manifest__.py").is_file():
            return candidate
    return None


def upstream_id(module_name, class_name, method_name):
    """`purchase/tests/test_purchase.py::TestPurchase::test_x` from a test."""
    parts = module_name.split(".")
    if parts[:2] == ["odoo", "addons"]:
        parts = parts[2:]
    return f"{'/'.join(parts)}.py::{class_name}::{method_name}"


def odoo_selection(addon, tags):
    """What Odoo's runner would run of `addon`: (module, class, method) keys.

    Called before pytest imports the test files: importing the package's
    tests/__init__ here is what Odoo does, so a file it does not import is
    not among the package's test modules.
    """
    from odoo.tests.loader import get_module_test_cases, get_test_modules
    from odoo.tests.tag_selector import TagsSelector

    selector = TagsSelector(tags)
    return {
        (type(test).__module__, type(test).__name__, test._testMethodName)
        for module in get_test_modules(addon)
        for test in get_module_test_cases(module)
        if selector.check(test)
    }


def _within(module_name, path):
    """Is the test module's file `path` or inside it?"""
    module_file = Path(sys.modules[module_name].__file__).resolve()
    return module_file == path or path in module_file.parents


def pytest_collection(session):
    selected = set()
    for arg in session.config.args:
        path = Path(arg.split("::")[0]).resolve()
        addon_dir = addon_of(path)
        if addon_dir is None:
            raise pytest.UsageError(f"{arg} is not inside an Odoo addon")
        importlib.import_module(f"odoo.addons.{addon_dir.name}")
        selected |= {
            key
            for key in odoo_selection(addon_dir.name, session.config.option.compat_tags)
            if _within(key[0], path)
        }
    session.config.stash[_SELECTED] = selected


def _key(item):
    cls = getattr(item, "cls", None)
    if cls is None:
        return None
    return (item.module.__name__, cls.__name__, item.name)


@pytest.hookimpl(tryfirst=True)  # before -k and -m narrow the run
def pytest_collection_modifyitems(session, config, items):
    selected = config.stash[_SELECTED]
    keep, drop = [], []
    for item in items:
        key = _key(item)
        # the class must be defined in the module pytest found it in
        cls = getattr(item, "cls", None)
        own = cls is not None and cls.__module__ == item.module.__name__
        (keep if own and key in selected else drop).append(item)
    # Odoo orders an addon's tests by their test_sequence (stable otherwise)
    keep.sort(key=lambda item: getattr(item.cls, "test_sequence", 0))
    items[:] = keep
    # what Odoo would run and pytest did not find fails the run (the report)
    config.stash[_MISSING] = sorted(
        upstream_id(*key) for key in selected - {_key(item) for item in keep}
    )
    if drop:
        config.hook.pytest_deselected(items=drop)


def pytest_runtest_setup(item):
    """Odoo's runner names the running test in odoo.modules.module
    (pytest-odoo does so only from Odoo 19), and code that asks whether a
    test runs (mail sending, test cursors of HTTP requests) behaves as
    under Odoo's runner: without it, two of base_tier_validation's tests
    failed that pass under Odoo's runner."""
    from odoo.modules import module

    instance = getattr(item, "instance", None)
    if instance is not None:
        module.current_test = instance


def pytest_unconfigure(config):
    from odoo.modules import module

    module.current_test = False


def _first_line(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and crash.message:
        return crash.message.strip().splitlines()[0]
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        return str(report.longrepr[2])
    text = str(report.longrepr or "").strip().splitlines()
    return text[-1] if text else ""


def pytest_configure(config):
    config.stash[_RESULTS] = {}


def pytest_itemcollected(item):
    key = _key(item)
    if key is not None:
        item.stash[_RESULTS] = {
            "id": upstream_id(*key),
            "addon": key[0].split(".")[2],
            "outcome": "passed",
            "duration": 0.0,
            "message": "",
        }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    entry = item.stash.get(_RESULTS, None)
    if entry is None:
        return report
    item.config.stash[_RESULTS][entry["id"]] = entry
    # one entry per test: the worst of its setup, call and teardown phases
    entry["duration"] += report.duration
    if report.failed and entry["outcome"] != "failed":
        entry["outcome"] = "failed"
        entry["message"] = f"{report.when}: {_first_line(report)}"
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"
        entry["message"] = _first_line(report)
    return report


def pytest_terminal_summary(terminalreporter, config):
    missing = config.stash.get(_MISSING, [])
    if missing:
        terminalreporter.section("Odoo would run these, pytest did not collect them")
        for name in missing:
            terminalreporter.write_line(name)


def pytest_sessionfinish(session, exitstatus):
    path = session.config.option.compat_report
    if not path:
        return
    tests = list(session.config.stash[_RESULTS].values())
    tests += [
        {
            "id": name,
            "addon": name.split("/", 1)[0],
            "outcome": "failed",
            "duration": 0.0,
            "message": "Odoo's runner would run it; pytest did not collect it",
        }
        for name in session.config.stash.get(_MISSING, [])
    ]
    Path(path).write_text(
        json.dumps({"exitstatus": int(exitstatus), "tests": tests}, indent=1)
    )

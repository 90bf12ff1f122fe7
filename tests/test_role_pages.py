"""The role pages' "Buttons you press" tables name real buttons and real tests.

Each page of docs/roles/ (README.md aside) has a section "Buttons you press"
holding one table with the columns Where | Button | What it does | Test, and
at least one row. For every row:

Test
    one or more tests written `path::Class::method` (path from the
    repository root). The file must exist, the class must be defined in it,
    and the method in that class or in a class it inherits from the same
    file or a module imported from beside it. The test, with the methods of
    those files it calls through `self`/`cls` (followed to any depth), must
    mention what the button runs: the method a button calls, the model or
    the action xml id of the window it opens. A test that never presses the
    button it is listed for fails here. Whether it presses it as a user of
    the page's role is for the reader of the test to check: each table row
    says "as this role", and tests/test_the_day.py and the addons' tests
    work as role users only.

Button
    a label the web client shows, found by one of these rules (exact text,
    case included):

    1. the label of a ``<button>`` in an active view of the database (the
       installed modules' views as loaded, the suite's, OCA's and Odoo's,
       wizards included): its ``string``; for a button that shows a count
       and a word (``<field/> deliveries``), the word; for a stat button,
       the ``string`` of the field inside it. The text of an ``<a>`` link
       that calls a method or an action (``type="object"``/``"action"``)
       counts too. What the button runs: its method, or for
       ``type="action"`` the action's xml id and model;
    2. a menu entry: Where + " > " + Button is the full path of a menu
       (Where "Distribution > Exceptions", Button "Root-cause Pareto"). What
       it runs: the menu's action's xml id and model;
    3. ``(tile)``: a click on a card of a kanban view whose cards open
       something (the kanban's root has ``action=``); Where is the path of
       the menu whose action shows that kanban. What it runs: the kanban's
       ``action``;
    4. ``New`` or ``Save``: the web client's own buttons on a record. The
       test must go through ``Form`` (odoo.tests.Form is that form, server
       side).

Only the database pytest-odoo runs on is read (views, menus, actions); it
needs the four addons installed, no scenario.
"""

import ast
import re
from pathlib import Path

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parent.parent
ROLES = ROOT / "docs" / "roles"
HEADING = "## Buttons you press"
COLUMNS = ["Where", "Button", "What it does", "Test"]
TEST_REF = re.compile(r"([\w./-]+\.py)::(\w+)::(\w+)")
TILE = "(tile)"
WEB_CLIENT = {"New": {"Form"}, "Save": {"Form"}}
LINK_TYPES = ("object", "action")


def role_pages():
    return sorted(path for path in ROLES.glob("*.md") if path.name != "README.md")


def split_row(line):
    """The cells of a Markdown table row (`\\|` is a bar inside a cell)."""
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [cell.strip().replace("\\|", "|") for cell in cells]


def buttons_table(text):
    """The rows of the table under HEADING: [(line number, {column:
    cell})]; None when the page has no such section or table."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == HEADING)
    except StopIteration:
        return None
    table = []
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if line.startswith("#"):
            break
        if line.startswith("|"):
            table.append((number, split_row(line)))
        elif table:
            break
    if len(table) < 2 or table[0][1] != COLUMNS:
        return None
    return [
        (number, dict(zip(COLUMNS, cells, strict=False))) for number, cells in table[2:]
    ]


def plain(cell):
    """A cell's text without Markdown code marks."""
    return cell.replace("`", "").strip()


class ModuleSource:
    """A test file's classes and the functions its tests may call."""

    _cache = {}

    @classmethod
    def of(cls, path):
        if path not in cls._cache:
            cls._cache[path] = cls(path)
        return cls._cache[path]

    def __init__(self, path):
        self.path = path
        self.tree = ast.parse(path.read_text(), filename=str(path))
        self.classes = {
            node.name: node for node in self.tree.body if isinstance(node, ast.ClassDef)
        }
        self.functions = {}
        for sibling in [self, *self._siblings()]:
            for node in ast.walk(sibling.tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.functions.setdefault(node.name, []).append(node)

    def _siblings(self):
        """The test modules imported from beside this one (`from .common
        import ...`)."""
        for node in self.tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                sibling = self.path.parent / f"{node.module}.py"
                if sibling.exists() and sibling != self.path:
                    yield ModuleSource.of(sibling)

    def method(self, class_name, method_name):
        """The method `method_name` of `class_name` or of a class it
        inherits from in this file; None when there is none."""
        seen = set()
        pending = [class_name]
        while pending:
            name = pending.pop(0)
            if name in seen or name not in self.classes:
                continue
            seen.add(name)
            node = self.classes[name]
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == method_name:
                    return item
            pending += [base.id for base in node.bases if isinstance(base, ast.Name)]
        return None

    def mentions(self, function):
        """Every name, attribute and string the function and what it calls
        through self/cls (or by name) mention."""
        words = set()
        seen = set()
        pending = [function]
        while pending:
            node = pending.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            for child in ast.walk(node):
                if isinstance(child, ast.Attribute):
                    words.add(child.attr)
                    if isinstance(child.value, ast.Name) and child.value.id in (
                        "self",
                        "cls",
                    ):
                        pending += self.functions.get(child.attr, [])
                elif isinstance(child, ast.Name):
                    words.add(child.id)
                    pending += self.functions.get(child.id, [])
                elif isinstance(child, ast.Constant) and isinstance(child.value, str):
                    words.add(child.value)
        return words


@tagged("post_install", "-at_install")
class TestRolePages(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.labels = cls._view_labels()
        cls.menus = cls._menus()

    # ------------------------------------------------------------------
    # what the database shows
    # ------------------------------------------------------------------

    @classmethod
    def _action_words(cls, action_id):
        """The xml id and the model of the action `action_id`."""
        action = cls.env["ir.actions.actions"].browse(action_id).exists()
        if not action:
            return set()
        action = cls.env[action.type].browse(action.id)
        words = set(action.get_external_id().values()) - {""}
        if "res_model" in action._fields and action.res_model:
            words.add(action.res_model)
        return words

    @classmethod
    def _view_labels(cls):
        """{label: what the buttons so labelled run} over the active views,
        and {model: kanban action} for kanbans whose cards are clickable
        (under the key TILE)."""
        cls.env.cr.execute(
            SQL(
                "SELECT model, type, arch_db->>'en_US' FROM ir_ui_view "
                "WHERE active AND arch_db IS NOT NULL"
            )
        )
        labels = {TILE: {}}
        parser = etree.XMLParser(remove_comments=True, recover=True)
        for model, view_type, arch in cls.env.cr.fetchall():
            if not arch or (
                "<button" not in arch and "<a " not in arch and view_type != "kanban"
            ):
                continue
            root = etree.fromstring(arch.encode(), parser)
            if root is None:
                continue
            if view_type == "kanban" and root.tag == "kanban" and root.get("action"):
                labels[TILE].setdefault(model, set()).add(root.get("action"))
            for node in root.iter("button", "a"):
                if node.tag == "a" and node.get("type") not in LINK_TYPES:
                    continue
                runs = cls._runs(node)
                for label in cls._labels(node):
                    labels.setdefault(label, set()).update(runs)
        return labels

    @classmethod
    def _runs(cls, node):
        name = node.get("name") or ""
        if node.get("type") == "action" and name.isdigit():
            return cls._action_words(int(name))
        return {name} if name else set()

    @staticmethod
    def _labels(node):
        labels = set()
        if node.get("string"):
            labels.add(node.get("string").strip())
        else:
            text = " ".join(" ".join(node.itertext()).split())
            if text:
                labels.add(text)
        for field in node.iter("field"):
            if field.get("string"):
                labels.add(field.get("string").strip())
        return labels

    @classmethod
    def _menus(cls):
        """{"A > B > C": the menu's action (a record or None)}."""
        menus = {}
        # every menu, not only those the test's user sees
        Menu = cls.env["ir.ui.menu"].with_context(**{"ir.ui.menu.full_list": True})
        for menu in Menu.search([]):
            path = [menu.name]
            parent = menu.parent_id
            while parent:
                path.insert(0, parent.name)
                parent = parent.parent_id
            menus[" > ".join(path)] = menu.action
        return menus

    # ------------------------------------------------------------------
    # the checks of one row
    # ------------------------------------------------------------------

    def _runs_of(self, where, button):
        """What the button of a row runs; None when no rule finds it."""
        if button in WEB_CLIENT:
            return WEB_CLIENT[button]
        if button == TILE:
            action = self.menus.get(where)
            if not action or action._name != "ir.actions.act_window":
                return None
            return self.labels[TILE].get(action.res_model)
        menu = f"{where} > {button}"
        if menu in self.menus:
            action = self.menus[menu]
            return self._action_words(action.id) if action else set()
        return self.labels.get(button)

    def _check_test(self, reference, runs):
        """Whether `reference` (path::Class::method) exists and mentions
        one of `runs`; the reason when it does not."""
        path, class_name, method_name = reference
        file = ROOT / path
        if not file.is_file():
            return f"no file {path}"
        source = ModuleSource.of(file)
        if class_name not in source.classes:
            return f"no class {class_name} in {path}"
        method = source.method(class_name, method_name)
        if method is None:
            return f"no method {class_name}.{method_name} in {path}"
        if runs and not runs & source.mentions(method):
            return (
                f"{class_name}.{method_name} never runs what the button runs "
                f"({', '.join(sorted(runs))})"
            )
        return None

    # ------------------------------------------------------------------
    # the tests
    # ------------------------------------------------------------------

    def test_every_role_page_has_a_table_of_buttons(self):
        pages = role_pages()
        self.assertGreaterEqual(len(pages), 9)
        missing = [page.name for page in pages if not buttons_table(page.read_text())]
        self.assertFalse(
            missing, f"no '{HEADING}' table with columns {COLUMNS}: {missing}"
        )

    def test_every_button_is_shown_and_pressed_by_its_test(self):
        failures = []
        rows = 0
        for page in role_pages():
            for number, row in buttons_table(page.read_text()) or []:
                rows += 1
                where = plain(row.get("Where", ""))
                button = plain(row.get("Button", ""))
                at = f"{page.name}:{number} {button!r}"
                runs = self._runs_of(where, button)
                if runs is None:
                    failures.append(f"{at}: no such button, menu or tile")
                    continue
                references = TEST_REF.findall(row.get("Test", ""))
                if not references:
                    failures.append(f"{at}: names no test (path::Class::method)")
                for reference in references:
                    reason = self._check_test(reference, runs)
                    if reason:
                        failures.append(f"{at}: {reason}")
        self.assertGreater(rows, 0)
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def test_the_checks_catch_what_they_are_for(self):
        """A made-up label, a test that does not exist and a test that never
        presses the button are caught."""
        self.assertIsNone(self._runs_of("Purchase order", "Press me harder"))
        self.assertIn("validate_tier", self._runs_of("Purchase order", "Validate"))
        self.assertTrue(self._runs_of("Distribution > Exceptions", "Root-cause Pareto"))
        self.assertIn(
            "action_drill", self._runs_of("Distribution > Control Tower > KPIs", TILE)
        )
        path = "tests/test_role_pages.py"
        self.assertIn(
            "no method",
            self._check_test((path, "TestRolePages", "test_missing"), {"x"}),
        )
        self.assertIn(
            "never runs",
            self._check_test(
                (path, "TestRolePages", "test_the_checks_catch_what_they_are_for"),
                {"button_" + "never_pressed"},
            ),
        )
        self.assertIsNone(
            self._check_test(
                (
                    "tests/test_the_day.py",
                    "TheDayChecks",
                    "test_the_import_day",
                ),
                {"validate_tier"},
            )
        )
        self.assertEqual(
            buttons_table("# Page\n\n## Buttons you press\n\nNo table.\n"), None
        )

"""Help on every screen and tooltip of the suite's addons, read with all of
them installed (a suite-wide check: no addon names the others)."""

import re

from lxml import etree, html

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase

from tools.suite_lib.common import SUITE_ADDONS

# the suite's addons, bridges included, all installed for tests/
SUITE = tuple(SUITE_ADDONS)
# the domain terms a user may not know: abbreviations as written, phrases
# in any case
ABBREVIATIONS = re.compile(r"\b(ABC|XYZ|ADI|CV|OTIF|EOQ|ATP|MOQ|SLA)\b|CV²")
PHRASES = re.compile(
    r"fill rate|service level|safety stock|lead[ -]time|inventory turns|"
    r"aged stock|stock age|available[ -]to[ -]promise|reorder point",
    re.IGNORECASE,
)


@tagged("post_install", "-at_install")
class TestHelp(DistRolesCase):
    """Issue 18: every screen of the suite says what it is for and what to
    do when it is empty, every domain term has a tooltip in plain words."""

    def _suite_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "in", SUITE), ("model", "=", model)]
        )
        return {f"{d.module}.{d.name}": self.env[model].browse(d.res_id) for d in data}

    def test_every_window_has_an_empty_state(self):
        actions = self._suite_records("ir.actions.act_window")
        self.assertGreater(len(actions), 20)
        for xmlid, action in actions.items():
            with self.subTest(action=xmlid):
                text = html.fromstring(action.help or "<p></p>").text_content()
                # a title and what the screen is for: more than a few words
                self.assertGreater(len(text.split()), 8, f"{xmlid} has no help")

    def test_every_domain_term_has_a_tooltip(self):
        fields = self._suite_records("ir.model.fields")
        termed = {
            xmlid: field
            for xmlid, field in fields.items()
            if ABBREVIATIONS.search(field.field_description or "")
            or PHRASES.search(field.field_description or "")
        }
        # ABC, XYZ, ADI, CV, CV², safety stock, lead time, MOQ, SLA...
        self.assertGreater(len(termed), 20)
        for xmlid, field in termed.items():
            with self.subTest(field=xmlid, label=field.field_description):
                self.assertTrue(
                    (field.help or "").strip(),
                    f"{field.model}.{field.name} ({field.field_description}) "
                    "has no help",
                )
        # every KPI says what it counts, and its tile shows it on hover
        kpis = self.env["dist.kpi"].search([])
        self.assertFalse(kpis.filtered(lambda k: not (k.description or "").strip()))
        executive = self.role_user(
            "help_exec",
            "dist_governance.group_executive",
            company_ids=[Command.set(self.env.company.ids)],
        )
        arch = (
            self.env["dist.kpi"]
            .with_user(executive)
            .get_views(
                [
                    (
                        self.env.ref("dist_governance.dist_kpi_view_kanban_tiles").id,
                        "kanban",
                    )
                ]
            )["views"]["kanban"]["arch"]
        )
        card = etree.fromstring(arch).xpath("//t[@t-name='card']/div")[0]
        self.assertIn("description", card.get("t-att-title", ""))

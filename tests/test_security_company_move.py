"""The company guard across every addon of the suite installed (a
suite-wide check; each addon's own test_security_company_move checks the
models it makes)."""

from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistGovernanceCase
from odoo.addons.dist_governance.tests.test_security_company_move import GUARD


@tagged("post_install", "-at_install")
class TestEveryModelInheritsTheGuard(DistGovernanceCase):
    def test_every_dist_model_installed_inherits_the_guard(self):
        """Across every addon installed (a new one too): each dist.* model
        with a company, but SQL-view reports no one writes, and each core
        document the suite governs inherits the guard."""
        guard = self.registry[GUARD]
        governed = {
            "purchase.order",
            "purchase.order.line",
            "sale.order",
            "sale.order.line",
            "stock.picking",
            "helpdesk.ticket",
        }
        unguarded = sorted(
            name
            for name, model in self.registry.items()
            if (
                name in governed
                or (
                    name.startswith("dist.")
                    and model._auto
                    and not model._abstract
                    and "company_id" in model._fields
                )
            )
            and not issubclass(model, guard)
        )
        self.assertFalse(
            unguarded, f"these models carry a company but do not inherit {GUARD}"
        )

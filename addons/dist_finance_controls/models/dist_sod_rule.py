from odoo import api, models

# the conflicting duties of finance every company starts with: (duty,
# conflicts with, the risk the separation prevents)
FINANCE_PAIRS = [
    (
        "dist_purchase_policy.sod_duty_places_purchase_orders",
        "dist_finance_controls.sod_duty_approves_vendor_payments",
        "Whoever places purchase orders must not approve paying for them: "
        "they could order from a vendor of their choosing and release the "
        "money themselves.",
    ),
    (
        "dist_purchase_policy.sod_duty_creates_vendors",
        "dist_finance_controls.sod_duty_pays_vendors",
        "Whoever creates vendors and edits their bank accounts must not pay "
        "vendors: they could set up a vendor, or redirect one's account, and "
        "pay it.",
    ),
    (
        "dist_finance_controls.sod_duty_posts_vendor_bills",
        "dist_finance_controls.sod_duty_approves_vendor_payments",
        "Whoever posts vendor bills must not approve their payment: a "
        "fictitious or inflated bill would go through unchecked.",
    ),
    (
        "dist_finance_controls.sod_duty_releases_credit_blocked_orders",
        "dist_finance_controls.sod_duty_sells_to_customers",
        "Whoever sells to customers must not release their orders blocked "
        "for credit: the credit limit would stop nobody who earns from the "
        "sale.",
    ),
]


class DistSodRule(models.Model):
    _inherit = "dist.sod.rule"

    @api.model
    def _dist_create_defaults(self, companies):
        """The shipped pairs of conflicting duties of finance too, for each
        company that does not have them yet (in either order, archived ones
        included)."""
        res = super()._dist_create_defaults(companies)
        self._dist_create_pairs(companies, FINANCE_PAIRS)
        return res

from odoo import api, models

# the conflicting duties every company starts with: (duty, conflicts with,
# the risk the separation prevents)
SHIPPED_PAIRS = [
    (
        "dist_governance.sod_duty_maintains_approval_rules",
        "dist_purchase_policy.sod_duty_places_purchase_orders",
        "Whoever sets the approval bands must not place the orders they govern: "
        "they could move a band to let their own order through.",
    ),
]


class DistSodRule(models.Model):
    _inherit = "dist.sod.rule"

    @api.model
    def _dist_create_defaults(self, companies):
        """The shipped pairs of conflicting duties, for each company that does
        not have them yet (in either order, archived ones included: a
        controller who archived a pair keeps it archived)."""
        self._dist_create_pairs(companies, SHIPPED_PAIRS)

    @api.model
    def _dist_create_pairs(self, companies, pairs):
        """`pairs` ([(duty xml id, conflicting duty xml id, reason)]) in each
        of `companies` that does not have the pair yet, in either order,
        archived ones included."""
        for duty_a_xmlid, duty_b_xmlid, reason in pairs:
            duty_a = self.env.ref(duty_a_xmlid, raise_if_not_found=False)
            duty_b = self.env.ref(duty_b_xmlid, raise_if_not_found=False)
            if not duty_a or not duty_b:
                continue
            duties = (duty_a | duty_b).ids
            existing = (
                self.with_context(active_test=False)
                .search(
                    [
                        ("company_id", "in", companies.ids),
                        ("duty_a_id", "in", duties),
                        ("duty_b_id", "in", duties),
                    ]
                )
                .company_id
            )
            self.create(
                [
                    {
                        "company_id": company.id,
                        "duty_a_id": duty_a.id,
                        "duty_b_id": duty_b.id,
                        "reason": reason,
                    }
                    for company in companies - existing
                ]
            )

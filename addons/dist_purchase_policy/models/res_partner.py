from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

GRADES = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]

# the buyers of one company: active internal users allowed in it and holding
# the buyer role (a purchasing manager holds it too, through implied groups;
# the roles are found by their XML ids in the statement itself, so that the
# run's query count does not depend on Odoo's caches);
# per vendor, its buyer in the company, else Odoo's buyer when that user is
# one of them; apart, the company's buyer role: plain buyers before
# purchasing managers (the role's doers, as the exception register does),
# then the lowest id, so that the same person is chosen run after run
BUYERS_QUERY = """
WITH roles AS (
    SELECT name, res_id AS id
      FROM ir_model_data
     WHERE module = 'dist_purchase_policy'
       AND name IN ('group_buyer', 'group_purchasing_manager')
       AND model = 'res.groups'
), holders AS (
    SELECT u.id,
           EXISTS (
               SELECT 1 FROM res_groups_users_rel m
                 JOIN roles r ON r.id = m.gid AND r.name = 'group_purchasing_manager'
                WHERE m.uid = u.id
           ) AS manager
      FROM res_users u
      JOIN res_company_users_rel cu ON cu.user_id = u.id AND cu.cid = %(company)s
      JOIN res_groups_users_rel g ON g.uid = u.id
      JOIN roles r ON r.id = g.gid AND r.name = 'group_buyer'
     WHERE u.active AND NOT u.share
)
SELECT NULL::int4, (SELECT id FROM holders ORDER BY manager, id LIMIT 1)
UNION ALL
SELECT p.id, COALESCE(own.id, odoo.id)
  FROM res_partner p
  LEFT JOIN holders own ON own.id = %(own)s
  LEFT JOIN holders odoo ON odoo.id = p.buyer_id
 WHERE p.id = ANY(%(partners)s)
"""


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "dist.system.fields.mixin"]
    # the scorecard's grade, which the approval matrix routes orders by
    _dist_system_fields = ("dist_vendor_grade",)

    dist_vendor_grade = fields.Selection(
        selection=GRADES,
        string="Vendor grade",
        company_dependent=True,
        readonly=True,
        help="Grade from the supplier scorecard (A best), set by the "
        "replenishment run; the approval matrix can route orders by it.",
    )
    dist_buyer_id = fields.Many2one(
        comodel_name="res.users",
        string="Buyer in this company",
        company_dependent=True,
        domain=lambda self: self._dist_buyer_domain(),
        help="Who buys from this vendor for the current company: owns its "
        "recommendations, its lead-time exceptions and the RFQs made from "
        "them. Empty: the vendor's Buyer when that user is a buyer of the "
        "company, else one of the company's buyers.",
    )
    dist_scorecard_ids = fields.One2many(
        comodel_name="dist.vendor.scorecard",
        inverse_name="partner_id",
        string="Scorecard",
        domain=[("product_id", "=", False)],
    )

    def _dist_buyer_domain(self):
        group = self.env.ref("dist_purchase_policy.group_buyer", False)
        return (
            "[('share', '=', False), ('company_ids', 'in', current_company_id), "
            f"('groups_id', 'in', [{group.id if group else 0}])]"
        )

    @api.constrains("dist_buyer_id")
    def _check_dist_buyer(self):
        company = self.env.company
        buyers = self._dist_buyers_for(company)[0]
        for partner in self:
            user = partner.with_company(company).dist_buyer_id
            if user and buyers.get(partner.id) != user.id:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot buy from %(vendor)s for %(company)s: "
                        "choose an active user of %(company)s who holds the "
                        "Buyer role.",
                        user=user.name,
                        vendor=partner.display_name,
                        company=company.name,
                    )
                )

    def action_dist_open_scorecard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_purchase_policy.dist_vendor_scorecard_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_group_product": 0}
        return action

    def _dist_buyers_for(self, company):
        """Who buys from the vendors of `self` for `company`, in one query.

        Returns ({vendor id: user id}, the company's buyer role's user id or
        None). A vendor's user is its buyer in `company` (Buyer in this
        company) when that user is still an active internal user of the
        company holding the Buyer role, else Odoo's Buyer (one user for
        every company) under the same conditions; a vendor with neither is
        left out. The role's user is a plain buyer of the company before a
        purchasing manager, the lowest id first. Nobody is better than a
        user of another company: they could not open the record they own.
        """
        self.env["res.users"].flush_model(
            ["active", "share", "company_ids", "groups_id"]
        )
        self.env["res.groups"].flush_model(["users"])
        self.flush_model(["buyer_id"])
        # the value for `company` (or its default), flushed by execute_query
        own = self.with_company(company)._field_to_sql("p", "dist_buyer_id")
        rows = self.env.execute_query(
            SQL(
                BUYERS_QUERY,
                company=company.id,
                own=own,
                partners=self.ids,
            )
        )
        buyers, fallback = {}, None
        for partner_id, user_id in rows:
            if partner_id is None:
                fallback = user_id
            elif user_id:
                buyers[partner_id] = user_id
        return buyers, fallback

    def _dist_buyer_for(self, company, role=True):
        """The user who buys from this vendor (at most one, maybe none) for
        `company`, as `_dist_buyers_for` resolves it; without a buyer of the
        vendor there, the company's buyer role unless `role` is false.
        Empty or empty-handed, a `res.users` recordset that may be empty."""
        if len(self) > 1:
            raise ValueError(f"Expected at most one vendor, got {self}")
        buyers, fallback = self._dist_buyers_for(company)
        user_id = buyers.get(self.id) or (fallback if role else None)
        return self.env["res.users"].browse(user_id or ())

    @api.model
    def _dist_reown_foreign_work(self):
        """Open recommendations and open purchase exceptions owned by
        someone who may not open them (no user of their company, as the
        vendor's Buyer of another company was made owner before buyers were
        resolved per company) go to the vendor's buyer in their company,
        else its buyer role; the exceptions' to-dos follow. For databases
        from before; returns how many records changed owner."""
        may_own = self.env["dist.exception"]._dist_may_own
        changed = 0
        recommendations = self.env["dist.purchase.recommendation"].search(
            [("state", "in", ("proposed", "approved")), ("buyer_id", "!=", False)]
        )
        for company in recommendations.company_id:
            foreign = recommendations.filtered(
                lambda r, c=company: r.company_id == c and not may_own(r.buyer_id, c)
            )
            buyers, role_buyer = foreign.partner_id._dist_buyers_for(company)
            for rec in foreign:
                rec._as_action().write(
                    {"buyer_id": buyers.get(rec.partner_id.id) or role_buyer or False}
                )
            changed += len(foreign)
        exceptions = self.env["dist.exception"].search(
            [
                (
                    "type_id.code",
                    "in",
                    ("vendor_leadtime_drift", "receipt_qty_deviation"),
                ),
                ("state", "in", ("open", "progress")),
                ("owner_id", "!=", False),
            ]
        )
        for exception in exceptions:
            company = exception.company_id
            old = exception.owner_id
            if may_own(old, company):
                continue
            new = exception.partner_id._dist_buyer_for(company) or (
                exception._dist_default_owner(exception.type_id, company)
            )
            exception.activity_ids.filtered(lambda a, u=old: a.user_id == u).unlink()
            # nobody may own it there yet: better unowned than foreign
            exception.owner_id = new
            changed += 1
        return changed

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import PerCompany, compare_sql

# receipts done before their company's cutoff that expect landed costs
# (their vendor or their operation type is listed by the company) and have
# no validated landed cost
OVERDUE = """
    SELECT p.id
      FROM stock_picking p
      JOIN stock_picking_type t ON t.id = p.picking_type_id
      LEFT JOIN res_partner pa ON pa.id = p.partner_id
     WHERE p.state = 'done'
       AND t.code = 'incoming'
       AND p.company_id = ANY(%(companies)s)
       AND %(cutoff)s
       AND (EXISTS (
               SELECT 1 FROM dist_landed_cost_company_vendor_rel v
                WHERE v.company_id = p.company_id
                  AND v.partner_id IN (pa.id, pa.commercial_partner_id))
            OR EXISTS (
               SELECT 1 FROM dist_landed_cost_company_picking_type_rel r
                WHERE r.company_id = p.company_id
                  AND r.picking_type_id = p.picking_type_id))
       AND NOT EXISTS (
               SELECT 1
                 FROM stock_landed_cost_stock_picking_rel lr
                 JOIN stock_landed_cost lc ON lc.id = lr.stock_landed_cost_id
                WHERE lr.stock_picking_id = p.id AND lc.state = 'done')
"""

ROOT_CAUSE = "dist_finance_controls.root_cause_landed_cost_late"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.model
    def _dist_landed_cost_cutoffs(self, companies):
        """{company: moment}: receipts done before it have waited their
        company's landed-cost days, counted in days of its time zone (a
        receipt done on day D is due on day D + N)."""
        cutoffs = {}
        for company in companies:
            # due on day D + N: done before the start of today - N + 1
            day = company._dist_today() - timedelta(
                days=company.dist_landed_cost_days - 1
            )
            cutoffs[company.id] = company._dist_day_bounds(day)[0]
        return cutoffs

    @api.model
    def _dist_landed_cost_overdue(self, companies):
        """The receipts of `companies` overdue for their landed cost, in one
        statement."""
        cutoffs = self._dist_landed_cost_cutoffs(companies)
        if not cutoffs:
            return self.browse()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                OVERDUE,
                companies=list(cutoffs),
                cutoff=compare_sql(
                    "p.date_done", "<", PerCompany(cutoffs), "p.company_id"
                ),
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _cron_dist_landed_cost_timing(self):
        """Daily: one `landed_cost_overdue` exception per receipt still
        waiting for its landed cost past the company's days; those whose
        landed cost has been validated since are resolved."""
        # sudo: the scheduled check looks at every company's receipts and
        # settings
        companies = (
            self.env["res.company"]
            .sudo()
            .search([])
            .filtered(
                lambda c: (
                    c.dist_landed_cost_vendor_ids or c.dist_landed_cost_picking_type_ids
                )
            )
        )
        overdue = self.sudo()._dist_landed_cost_overdue(companies)
        for picking in overdue:
            picking._dist_raise_landed_cost_overdue()
        # the receipts whose landed cost was validated since (the validation
        # settles them too; this catches any other way to "done")
        waiting = self.sudo().browse(
            self._dist_open_landed_cost_overdue().mapped("res_id")
        )
        costs = (
            self.env["stock.landed.cost"]
            .sudo()
            .search([("state", "=", "done"), ("picking_ids", "in", waiting.ids)])
        )
        (costs.picking_ids & waiting)._dist_resolve_landed_cost_overdue()
        return overdue

    def _dist_raise_landed_cost_overdue(self):
        self.ensure_one()
        company = self.company_id
        local_day = company._dist_local_day(self.date_done)
        return self.env["dist.exception"].raise_exception(
            "landed_cost_overdue",
            self,
            self.env._(
                "%(receipt)s from %(vendor)s was done on %(day)s and still has "
                "no validated landed cost after %(days)s days",
                receipt=self.name,
                vendor=self.partner_id.commercial_partner_id.display_name or "-",
                day=local_day,
                days=company.dist_landed_cost_days,
            ),
            company_id=company.id,
            warehouse_id=self.picking_type_id.warehouse_id.id or False,
            partner_id=self.partner_id.commercial_partner_id.id or False,
        )

    @api.model
    def _dist_open_landed_cost_overdue(self, pickings=None):
        # sudo: the register's open exceptions of this check, whoever reads
        domain = [
            ("type_id.code", "=", "landed_cost_overdue"),
            ("res_model", "=", "stock.picking"),
            ("state", "in", ("open", "progress")),
        ]
        if pickings is not None:
            domain.append(("res_id", "in", pickings.ids))
        return self.env["dist.exception"].sudo().search(domain)

    def _dist_resolve_landed_cost_overdue(self):
        """Resolve the open `landed_cost_overdue` exceptions of these
        receipts: their landed cost is validated."""
        if not self:
            return
        exceptions = self._dist_open_landed_cost_overdue(self)
        if not exceptions:
            return
        # sudo: the landed cost was just validated by someone allowed to;
        # the check closes its own exceptions, whoever validated it
        exceptions.write(
            {
                "root_cause_id": self.env.ref(ROOT_CAUSE).id,
                "corrective_action": self.env._(
                    "Landed cost validated: resolved by the landed-cost check."
                ),
            }
        )
        exceptions.action_resolve()

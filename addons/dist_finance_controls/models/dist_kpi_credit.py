from odoo import models
from odoo.tools import SQL


class DistKpi(models.Model):
    """The KPIs the credit review feeds (see dist.credit.release): orders
    blocked for credit, and how long their release takes."""

    _inherit = "dist.kpi"

    def _kpi_credit_blocked_orders(self, date_from, date_to, company_ids):
        # every block makes one credit release: those made in the window
        return SQL(
            """
            SELECT r.company_id, NULL::int AS warehouse_id, 1.0 AS numerator,
                   NULL::float8 AS denominator
              FROM dist_credit_release r
             WHERE %s AND %s
               AND r.company_id = ANY(%s)
            """,
            self._dist_since("r.create_date", "r.company_id", date_from),
            self._dist_before("r.create_date", "r.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_credit_blocked_orders(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.credit.release",
            [
                ("create_date", ">=", date_from),
                ("create_date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["state"],
        )

    def _kpi_credit_release_time(self, date_from, date_to, company_ids):
        # orders released in the window: hours from the block to the
        # release, averaged (the figure is a sum over a sum)
        return SQL(
            """
            SELECT r.company_id, NULL::int AS warehouse_id,
                   r.release_hours AS numerator, 1.0 AS denominator
              FROM dist_credit_release r
             WHERE r.state = 'done'
               AND %s AND %s
               AND r.company_id = ANY(%s)
            """,
            self._dist_since("r.decision_date", "r.company_id", date_from),
            self._dist_before("r.decision_date", "r.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_credit_release_time(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.credit.release",
            [
                ("state", "=", "done"),
                ("decision_date", ">=", date_from),
                ("decision_date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["decided_by_id"],
        )

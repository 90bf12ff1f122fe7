from odoo import models
from odoo.tools import SQL


class DistKpi(models.Model):
    """The KPIs customer service feeds: SLA breach rate and backlog."""

    _inherit = "dist.kpi"

    def _kpi_sla_breach_rate(self, date_from, date_to, company_ids):
        # cases closed in the window that closed past their resolution
        # deadline, over the cases closed in the window that had an SLA
        return SQL(
            """
            SELECT t.company_id, NULL::int AS warehouse_id,
                   CASE WHEN t.dist_sla_status = 'breached' THEN 1.0 ELSE 0.0 END
                       AS numerator,
                   1.0 AS denominator
              FROM helpdesk_ticket t
             WHERE %s AND %s
               AND t.dist_sla_start IS NOT NULL
               AND t.company_id = ANY(%s)
            """,
            self._dist_since("t.closed_date", "t.company_id", date_from),
            self._dist_before("t.closed_date", "t.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_sla_breach_rate(self, date_from, date_to, companies):
        return self._dist_records(
            "helpdesk.ticket",
            [
                ("closed_date", ">=", date_from),
                ("closed_date", "<", date_to),
                ("dist_sla_start", "!=", False),
                ("company_id", "in", companies.ids),
            ],
            ["dist_sla_status", "category_id"],
        )

    def _kpi_service_backlog(self, date_from, date_to, company_ids):
        # cases open at the end of the window: created before it ends, not
        # closed by then
        return SQL(
            """
            SELECT t.company_id, NULL::int AS warehouse_id, 1.0 AS numerator,
                   NULL::float8 AS denominator
              FROM helpdesk_ticket t
             WHERE %s
               AND (t.closed_date IS NULL OR %s)
               AND t.active
               AND t.company_id = ANY(%s)
            """,
            self._dist_before("t.create_date", "t.company_id", date_to),
            self._dist_since("t.closed_date", "t.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_service_backlog(self, date_from, date_to, companies):
        return self._dist_records(
            "helpdesk.ticket",
            [
                ("create_date", "<", date_to),
                "|",
                ("closed_date", "=", False),
                ("closed_date", ">=", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["category_id", "dist_sla_status"],
        )

from odoo import models
from odoo.tools import SQL


class DistKpiGovernance(models.Model):
    """The KPIs governance feeds: approval turnaround and exception
    volume."""

    _inherit = "dist.kpi"

    def _kpi_approval_turnaround(self, date_from, date_to, company_ids):
        # hours from the request for a review to its decision, for the
        # reviews decided in the window (approved or rejected)
        return SQL(
            """
            SELECT d.company_id, NULL::int AS warehouse_id,
                   date_part('epoch', r.reviewed_date - r.create_date) / 3600.0
                       AS numerator,
                   1.0 AS denominator
              FROM tier_review r
              JOIN tier_definition d ON d.id = r.definition_id
             WHERE r.status IN ('approved', 'rejected')
               AND %s AND %s
               AND d.company_id = ANY(%s)
            """,
            self._dist_since("r.reviewed_date", "d.company_id", date_from),
            self._dist_before("r.reviewed_date", "d.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_approval_turnaround(self, date_from, date_to, companies):
        return self._dist_records(
            "tier.review",
            [
                ("status", "in", ("approved", "rejected")),
                ("reviewed_date", ">=", date_from),
                ("reviewed_date", "<", date_to),
                ("definition_id.company_id", "in", companies.ids),
            ],
            "model",
            view_mode="list",
            # the review history's list: decisions are read, never edited
            views={"list": "dist_governance.tier_review_view_list_dist"},
        )

    def _kpi_exceptions_raised(self, date_from, date_to, company_ids):
        return SQL(
            """
            SELECT e.company_id, e.warehouse_id, 1.0 AS numerator,
                   NULL::float8 AS denominator
              FROM dist_exception e
             WHERE %s AND %s
               AND e.company_id = ANY(%s)
            """,
            self._dist_since("e.detected_date", "e.company_id", date_from),
            self._dist_before("e.detected_date", "e.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_exceptions_raised(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.exception",
            [
                ("detected_date", ">=", date_from),
                ("detected_date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["warehouse_id", "type_id"],
            view_mode="list,pivot,form",
            # the figure counts the archived ones too (closed, past the
            # retention): so does the list
            active_test=False,
        )

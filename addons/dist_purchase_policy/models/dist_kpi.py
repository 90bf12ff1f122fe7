from odoo import models
from odoo.tools import SQL


class DistKpi(models.Model):
    """The KPI purchasing feeds: supplier on-time rate."""

    _inherit = "dist.kpi"

    def _kpi_supplier_on_time(self, date_from, date_to, company_ids):
        # purchase orders whose first receipt was done in the window, on
        # time when it came by the order's expected arrival
        return SQL(
            """
            SELECT o.company_id, t.warehouse_id, o.partner_id AS vendor_id,
                   CASE WHEN o.effective_date <= o.date_planned THEN 1.0 ELSE 0.0
                   END AS numerator,
                   1.0 AS denominator
              FROM purchase_order o
              LEFT JOIN stock_picking_type t ON t.id = o.picking_type_id
             WHERE o.effective_date >= %s AND o.effective_date < %s
               AND o.state IN ('purchase', 'done')
               AND o.company_id = ANY(%s)
            """,
            date_from,
            date_to,
            company_ids,
        )

    def _kpi_dims_supplier_on_time(self):
        return ["vendor"]

    def _kpi_drill_supplier_on_time(self, date_from, date_to, companies):
        return self._dist_records(
            "purchase.order",
            [
                ("effective_date", ">=", date_from),
                ("effective_date", "<", date_to),
                ("state", "in", ("purchase", "done")),
                ("company_id", "in", companies.ids),
            ],
            "partner_id",
        )

    def _dist_purchasing_groups(self):
        return [
            self.env.ref(xmlid).id
            for xmlid in (
                "purchase.group_purchase_user",
                "dist_purchase_policy.group_buyer",
                "dist_purchase_policy.group_purchasing_manager",
            )
        ]

    def _kpi_purchase_exceptions(self, date_from, date_to, company_ids):
        # exceptions raised in the window whose type purchasing owns (lead
        # time drift, receipt deviations, quality failures of receipts)
        return SQL(
            """
            SELECT e.company_id, e.warehouse_id, 1.0 AS numerator,
                   NULL::float8 AS denominator
              FROM dist_exception e
              JOIN dist_exception_type t ON t.id = e.type_id
             WHERE e.detected_date >= %s AND e.detected_date < %s
               AND e.company_id = ANY(%s)
               AND t.owner_group_id = ANY(%s)
            """,
            date_from,
            date_to,
            company_ids,
            self._dist_purchasing_groups(),
        )

    def _kpi_drill_purchase_exceptions(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.exception",
            [
                ("detected_date", ">=", date_from),
                ("detected_date", "<", date_to),
                ("company_id", "in", companies.ids),
                ("type_id.owner_group_id", "in", self._dist_purchasing_groups()),
            ],
            ["type_id", "owner_id"],
            view_mode="list,pivot,form",
        )

from odoo import models
from odoo.tools import SQL


class DistKpi(models.Model):
    """The KPIs purchasing feeds: supplier on-time rate, lead-time
    reliability and purchase exceptions."""

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
             WHERE %s AND %s
               AND o.state IN ('purchase', 'done')
               AND o.company_id = ANY(%s)
            """,
            self._dist_since("o.effective_date", "o.company_id", date_from),
            self._dist_before("o.effective_date", "o.company_id", date_to),
            company_ids,
        )

    def _dist_dimension_paths(self, res_model):
        paths = super()._dist_dimension_paths(res_model)
        paths.update(
            {
                "purchase.order": {
                    "warehouse": "picking_type_id.warehouse_id",
                    "vendor": "partner_id",
                },
                "purchase.order.line": {
                    "warehouse": "order_id.picking_type_id.warehouse_id",
                    "vendor": "partner_id",
                },
            }.get(res_model, {})
        )
        return paths

    def _kpi_dims_supplier_on_time(self):
        return ["vendor"]

    _kpi_dims_lead_time_reliability = _kpi_dims_supplier_on_time

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

    def _kpi_lead_time_reliability(self, date_from, date_to, company_ids):
        # purchase order lines first received in the window (their earliest
        # done move from a vendor); reliable when the lead time, from the
        # order's confirmation to that receipt, is at most the promised one
        # plus the company's lead-time tolerance (at least two days), as the
        # vendor scorecard counts; early is reliable. Promised: the vendor's
        # price-list delay for the product (the smallest of the company's or
        # shared lines), else what the line planned (planned arrival minus
        # confirmation)
        return SQL(
            """
            WITH firsts AS (
                SELECT m.purchase_line_id, MIN(m.date) AS received
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                 WHERE m.state = 'done'
                   AND m.purchase_line_id IS NOT NULL
                   AND src.usage = 'supplier'
                   AND %(since)s AND %(before)s
                   AND m.company_id = ANY(%(companies)s)
                 GROUP BY m.purchase_line_id
            )
            SELECT o.company_id, t.warehouse_id, o.partner_id AS vendor_id,
                   CASE WHEN lead.days <= promise.days + GREATEST(
                            promise.days * c.dist_leadtime_tolerance / 100.0, 2.0)
                        THEN 1.0 ELSE 0.0 END AS numerator,
                   1.0 AS denominator
              FROM firsts f
              JOIN purchase_order_line l ON l.id = f.purchase_line_id
              JOIN purchase_order o ON o.id = l.order_id
              JOIN res_company c ON c.id = o.company_id
              LEFT JOIN stock_picking_type t ON t.id = o.picking_type_id
             CROSS JOIN LATERAL (
                 SELECT date_part('epoch', f.received - o.date_approve)::float8
                            / 86400.0 AS days
             ) lead
             CROSS JOIN LATERAL (
                 SELECT COALESCE(
                     (SELECT MIN(s.delay)::float8
                        FROM product_supplierinfo s
                        JOIN product_product pp
                          ON pp.product_tmpl_id = s.product_tmpl_id
                       WHERE pp.id = l.product_id
                         AND s.partner_id = o.partner_id
                         AND (s.company_id IS NULL OR s.company_id = o.company_id)),
                     date_part('epoch', l.date_planned - o.date_approve)::float8
                         / 86400.0
                 ) AS days
             ) promise
             WHERE o.date_approve IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1
                     FROM stock_move e
                     JOIN stock_location es ON es.id = e.location_id
                    WHERE e.purchase_line_id = f.purchase_line_id
                      AND e.state = 'done'
                      AND es.usage = 'supplier'
                      AND %(earlier)s)
            """,
            since=self._dist_since("m.date", "m.company_id", date_from),
            before=self._dist_before("m.date", "m.company_id", date_to),
            # an earlier receipt: before the window of the order's company
            earlier=self._dist_before("e.date", "o.company_id", date_from),
            companies=company_ids,
        )

    def _kpi_drill_lead_time_reliability(self, date_from, date_to, companies):
        receipt = [("state", "=", "done"), ("location_id.usage", "=", "supplier")]
        return self._dist_records(
            "purchase.order.line",
            [
                ("order_id.date_approve", "!=", False),
                (
                    "move_ids",
                    "any",
                    receipt
                    + [
                        ("date", ">=", date_from),
                        ("date", "<", date_to),
                        ("company_id", "in", companies.ids),
                    ],
                ),
                ("move_ids", "not any", receipt + [("date", "<", date_from)]),
            ],
            ["partner_id", "product_id"],
            create=False,
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
             WHERE %s AND %s
               AND e.company_id = ANY(%s)
               AND t.owner_group_id = ANY(%s)
            """,
            self._dist_since("e.detected_date", "e.company_id", date_from),
            self._dist_before("e.detected_date", "e.company_id", date_to),
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
            # the figure counts the archived ones too (closed, past the
            # retention): so does the list
            active_test=False,
        )

"""The finance KPIs of the control tower (docs/finance.md, "Finance KPIs"):
gross margin of delivered sales, price variance value of vendor bills, days
payable and days sales outstanding, credit-blocked orders and their release
time, bills on hold.

Accounting dates (a bill's or an invoice's `date`) are days already, of the
company that books them: the window's moments are turned into the local
days they begin (`_dist_day_range`), each company its own."""

from odoo import models
from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import PerCompany, local_day

# the dist.exception codes the credit and match controls raise (the credit
# review and the three-way match of this addon)
CREDIT_BLOCKED = "credit_blocked"
BILL_HOLDS = ("price_variance", "quantity_variance")
# the read-only list of the journal items behind a tile
AML_LIST = "dist_finance_controls.account_move_line_view_list_dist_kpi"


class DistKpi(models.Model):
    _inherit = "dist.kpi"

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _dist_local_days(self, bound, company_ids):
        """{company id: the local day `bound` (a moment or PerCompany)
        falls on in that company's zone}."""
        companies = self.env["res.company"].browse(company_ids).sudo()
        days = {}
        for company in companies:
            moment = (
                bound.moments.get(company.id)
                if isinstance(bound, PerCompany)
                else bound
            )
            days[company.id] = local_day(moment, company._dist_tz())
        return days

    def _dist_day_range(self, column, company_column, date_from, date_to, company_ids):
        """SQL: the days of the Date `column` within the window's local days
        of each row's company (a plain range on the column first, for its
        index)."""
        first = self._dist_local_days(date_from, company_ids)
        after = self._dist_local_days(date_to, company_ids)
        if not first:
            return SQL("FALSE")
        column = SQL(column)
        company_column = SQL(company_column)

        def case(days):
            return SQL(
                "CASE %s %s END",
                company_column,
                SQL(" ").join(
                    SQL("WHEN %s THEN %s::date", company, day)
                    for company, day in sorted(days.items())
                ),
            )

        return SQL(
            "(%s >= %s AND %s < %s AND %s >= %s AND %s < %s)",
            column,
            min(first.values()),
            column,
            max(after.values()),
            column,
            case(first),
            column,
            case(after),
        )

    def _dist_drill_days(self, date_from, date_to, companies):
        """(first day, day after the last) of a drill-down's window: plain
        moments of one time zone, shared by `companies`."""
        tz = companies[:1].sudo()._dist_tz()
        return local_day(date_from, tz), local_day(date_to, tz)

    def _dist_dimension_paths(self, res_model):
        paths = super()._dist_dimension_paths(res_model)
        segment = "commercial_partner_id.dist_service_tier"
        if res_model == "dist.exception":
            paths.update({"customer_segment": f"partner_id.{segment}"})
        elif res_model == "account.move.line":
            order = "purchase_line_id.order_id"
            paths.update(
                {
                    "warehouse": f"{order}.picking_type_id.warehouse_id",
                    "vendor": "partner_id",
                    "product_family": "product_id.categ_id",
                }
            )
        return paths

    # ------------------------------------------------------------------
    # gross margin of delivered sales
    # ------------------------------------------------------------------

    def _kpi_gross_margin(self, date_from, date_to, company_ids):
        # sales order lines' deliveries to customers done in the window:
        # revenue = the line's untaxed amount for the quantity delivered, in
        # the company's currency; cost = the stock valuation of the delivery
        # (sale_margin's line cost when the product is not valued)
        return SQL(
            """
            WITH d AS (
                SELECT m.company_id, t.warehouse_id, pt.categ_id,
                       COALESCE(cp.dist_service_tier, 'standard')
                           AS customer_segment,
                       sol.price_subtotal / NULLIF(so.currency_rate, 0)
                           * (m.quantity / mu.factor * su.factor)
                           / NULLIF(sol.product_uom_qty, 0) AS revenue,
                       COALESCE(
                           -(SELECT SUM(l.value) FROM stock_valuation_layer l
                              WHERE l.stock_move_id = m.id),
                           sol.purchase_price / NULLIF(so.currency_rate, 0)
                               * (m.quantity / mu.factor * su.factor)
                       ) AS cost
                  FROM stock_move m
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN sale_order_line sol ON sol.id = m.sale_line_id
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN uom_uom mu ON mu.id = m.product_uom
                  JOIN uom_uom su ON su.id = sol.product_uom
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN stock_picking_type t ON t.id = m.picking_type_id
                  LEFT JOIN res_partner pa ON pa.id = so.partner_id
                  LEFT JOIN res_partner cp ON cp.id = pa.commercial_partner_id
                 WHERE m.state = 'done'
                   AND dst.usage = 'customer'
                   AND %s AND %s
                   AND m.company_id = ANY(%s)
            )
            SELECT d.company_id, d.warehouse_id, d.categ_id, d.customer_segment,
                   COALESCE(d.revenue, 0) - COALESCE(d.cost, 0) AS numerator,
                   COALESCE(d.revenue, 0) AS denominator
              FROM d
            """,
            self._dist_since("m.date", "m.company_id", date_from),
            self._dist_before("m.date", "m.company_id", date_to),
            company_ids,
        )

    def _kpi_dims_gross_margin(self):
        return ["customer_segment", "product_family"]

    def _kpi_drill_gross_margin(self, date_from, date_to, companies):
        return self._dist_records(
            "stock.move",
            [
                ("state", "=", "done"),
                ("sale_line_id", "!=", False),
                ("location_dest_id.usage", "=", "customer"),
                ("date", ">=", date_from),
                ("date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["picking_type_id", "product_id"],
            create=False,
        )

    # ------------------------------------------------------------------
    # price variance value of vendor bills
    # ------------------------------------------------------------------

    def _kpi_price_variance_value(self, date_from, date_to, company_ids):
        # posted vendor bills dated in the window, lines of purchase order
        # lines in the same unit: |billed unit price - ordered unit price
        # (after discount)| x billed quantity, in the company's currency
        return SQL(
            """
            SELECT aml.company_id, pto.warehouse_id, po.partner_id AS vendor_id,
                   pt.categ_id,
                   ABS(ABS(aml.balance)
                       - aml.quantity * pol.price_unit
                           * (1 - COALESCE(pol.discount, 0) / 100.0)
                           / NULLIF(po.currency_rate, 0)) AS numerator,
                   NULL::float8 AS denominator
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN purchase_order_line pol ON pol.id = aml.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id
              LEFT JOIN stock_picking_type pto ON pto.id = po.picking_type_id
              LEFT JOIN product_product pp ON pp.id = aml.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE am.move_type = 'in_invoice'
               AND am.state = 'posted'
               AND aml.display_type = 'product'
               AND aml.product_uom_id = pol.product_uom
               AND %s
               AND aml.company_id = ANY(%s)
            """,
            self._dist_day_range(
                "am.date", "aml.company_id", date_from, date_to, company_ids
            ),
            company_ids,
        )

    def _kpi_dims_price_variance_value(self):
        return ["vendor", "product_family"]

    def _kpi_drill_price_variance_value(self, date_from, date_to, companies):
        first, after = self._dist_drill_days(date_from, date_to, companies)
        return self._dist_records(
            "account.move.line",
            [
                ("move_id.move_type", "=", "in_invoice"),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "product"),
                ("purchase_line_id", "!=", False),
                ("date", ">=", first),
                ("date", "<", after),
                ("company_id", "in", companies.ids),
            ],
            ["partner_id", "move_id"],
            view_mode="list",
            views={"list": AML_LIST},
            create=False,
        )

    # ------------------------------------------------------------------
    # days payable / days sales outstanding
    # ------------------------------------------------------------------

    def _dist_days_outstanding(self, date_from, date_to, company_ids, kind):
        """(open balance at the window's end / amount billed in the window)
        x the window's days, for payables (`kind` "payable": vendor bills)
        or receivables ("receivable": customer invoices)."""
        account_type, move_types, sign = {
            "payable": ("liability_payable", ("in_invoice", "in_refund"), -1),
            "receivable": ("asset_receivable", ("out_invoice", "out_refund"), 1),
        }[kind]
        first = self._dist_local_days(date_from, company_ids)
        after = self._dist_local_days(date_to, company_ids)
        if not after:
            return SQL(
                "SELECT NULL::int AS company_id, NULL::int AS warehouse_id, "
                "0.0 AS numerator, 0.0 AS denominator WHERE FALSE"
            )
        before_end = SQL(
            "aml.date < CASE aml.company_id %s END",
            SQL(" ").join(
                SQL("WHEN %s THEN %s::date", company, day)
                for company, day in sorted(after.items())
            ),
        )
        days = (max(after.values()) - min(first.values())).days
        return SQL(
            """
            SELECT aml.company_id, NULL::int AS warehouse_id,
                   %(sign)s * aml.balance * %(days)s AS numerator,
                   CASE WHEN am.move_type IN %(move_types)s AND %(in_window)s
                        THEN %(sign)s * aml.balance ELSE 0.0 END AS denominator
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN account_account acc ON acc.id = aml.account_id
             WHERE acc.account_type = %(account_type)s
               AND aml.parent_state = 'posted'
               AND aml.date < %(latest)s AND %(before_end)s
               AND aml.company_id = ANY(%(companies)s)
            """,
            sign=sign,
            days=days,
            move_types=move_types,
            in_window=self._dist_day_range(
                "aml.date", "aml.company_id", date_from, date_to, company_ids
            ),
            account_type=account_type,
            latest=max(after.values()),
            before_end=before_end,
            companies=company_ids,
        )

    def _dist_drill_outstanding(self, date_from, date_to, companies, account_type):
        _first, after = self._dist_drill_days(date_from, date_to, companies)
        return self._dist_records(
            "account.move.line",
            [
                ("account_id.account_type", "=", account_type),
                ("parent_state", "=", "posted"),
                ("date", "<", after),
                ("company_id", "in", companies.ids),
            ],
            ["partner_id"],
            view_mode="list",
            views={"list": AML_LIST},
            create=False,
        )

    def _kpi_days_payable_outstanding(self, date_from, date_to, company_ids):
        return self._dist_days_outstanding(date_from, date_to, company_ids, "payable")

    def _kpi_drill_days_payable_outstanding(self, date_from, date_to, companies):
        return self._dist_drill_outstanding(
            date_from, date_to, companies, "liability_payable"
        )

    def _kpi_days_sales_outstanding(self, date_from, date_to, company_ids):
        return self._dist_days_outstanding(
            date_from, date_to, company_ids, "receivable"
        )

    def _kpi_drill_days_sales_outstanding(self, date_from, date_to, companies):
        return self._dist_drill_outstanding(
            date_from, date_to, companies, "asset_receivable"
        )

    # ------------------------------------------------------------------
    # credit-blocked orders, release time, bills on hold (from the
    # exceptions the credit review and the three-way match raise)
    # ------------------------------------------------------------------

    def _kpi_credit_blocked_orders(self, date_from, date_to, company_ids):
        # sales orders blocked for credit in the window: one row per block
        return SQL(
            """
            SELECT e.company_id, e.warehouse_id,
                   COALESCE(cp.dist_service_tier, 'standard') AS customer_segment,
                   1.0 AS numerator, NULL::float8 AS denominator
              FROM dist_exception e
              JOIN dist_exception_type et ON et.id = e.type_id
              LEFT JOIN res_partner pa ON pa.id = e.partner_id
              LEFT JOIN res_partner cp ON cp.id = pa.commercial_partner_id
             WHERE et.code = %s AND e.res_model = 'sale.order'
               AND %s AND %s
               AND e.company_id = ANY(%s)
            """,
            CREDIT_BLOCKED,
            self._dist_since("e.detected_date", "e.company_id", date_from),
            self._dist_before("e.detected_date", "e.company_id", date_to),
            company_ids,
        )

    def _kpi_dims_credit_blocked_orders(self):
        return ["customer_segment"]

    def _kpi_drill_credit_blocked_orders(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.exception",
            [
                ("type_id.code", "=", CREDIT_BLOCKED),
                ("res_model", "=", "sale.order"),
                ("detected_date", ">=", date_from),
                ("detected_date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["state"],
            view_mode="list,form",
            active_test=False,
        )

    def _kpi_credit_release_time(self, date_from, date_to, company_ids):
        # hours from the block to the release, for the blocks released
        # (resolved) in the window
        return SQL(
            """
            SELECT e.company_id, e.warehouse_id,
                   COALESCE(cp.dist_service_tier, 'standard') AS customer_segment,
                   date_part('epoch', e.resolved_date - e.detected_date) / 3600.0
                       AS numerator,
                   1.0 AS denominator
              FROM dist_exception e
              JOIN dist_exception_type et ON et.id = e.type_id
              LEFT JOIN res_partner pa ON pa.id = e.partner_id
              LEFT JOIN res_partner cp ON cp.id = pa.commercial_partner_id
             WHERE et.code = %s AND e.res_model = 'sale.order'
               AND e.state = 'resolved'
               AND %s AND %s
               AND e.company_id = ANY(%s)
            """,
            CREDIT_BLOCKED,
            self._dist_since("e.resolved_date", "e.company_id", date_from),
            self._dist_before("e.resolved_date", "e.company_id", date_to),
            company_ids,
        )

    def _kpi_dims_credit_release_time(self):
        return ["customer_segment"]

    def _kpi_drill_credit_release_time(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.exception",
            [
                ("type_id.code", "=", CREDIT_BLOCKED),
                ("res_model", "=", "sale.order"),
                ("state", "=", "resolved"),
                ("resolved_date", ">=", date_from),
                ("resolved_date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["owner_id"],
            view_mode="list,form",
            active_test=False,
        )

    def _dist_bills_on_hold(self, date_to, company_ids):
        """SQL: (company_id, warehouse_id, bill id) of the vendor bills with
        a price or quantity variance exception open at `date_to`: raised
        before it, not resolved by then (nor cancelled)."""
        return SQL(
            """
            SELECT e.company_id, MAX(e.warehouse_id) AS warehouse_id,
                   e.res_id AS bill_id
              FROM dist_exception e
              JOIN dist_exception_type et ON et.id = e.type_id
             WHERE et.code IN %s AND e.res_model = 'account.move'
               AND %s
               AND (e.state IN ('open', 'progress')
                    OR (e.state = 'resolved' AND NOT %s))
               AND e.company_id = ANY(%s)
             GROUP BY e.company_id, e.res_id
            """,
            BILL_HOLDS,
            self._dist_before("e.detected_date", "e.company_id", date_to),
            self._dist_before("e.resolved_date", "e.company_id", date_to),
            company_ids,
        )

    def _kpi_bills_on_hold(self, date_from, date_to, company_ids):
        # bills on hold at the end of the day: one row per bill
        return SQL(
            """
            SELECT h.company_id, h.warehouse_id, 1.0 AS numerator,
                   NULL::float8 AS denominator
              FROM (%s) h
            """,
            self._dist_bills_on_hold(date_to, company_ids),
        )

    def _kpi_drill_bills_on_hold(self, date_from, date_to, companies):
        # the bills of the statement (the register's rows of the caller's
        # companies); the action opens them with the caller's own rights
        self.env["dist.exception"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT h.bill_id FROM (%s) h",
                self._dist_bills_on_hold(date_to, companies.ids),
            )
        )
        bill_ids = [row[0] for row in self.env.cr.fetchall()]
        return self._dist_records(
            "account.move",
            [("id", "in", bill_ids), ("company_id", "in", companies.ids)],
            ["partner_id"],
            view_mode="list",
            views={"list": "dist_finance_controls.account_move_view_list_dist_kpi"},
            create=False,
        )

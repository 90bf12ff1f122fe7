from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from .dist_count_result import ABC_CLASSES


class DistInventoryAccuracy(models.Model):
    """Inventory accuracy per warehouse, class and day, kept as history:
    the share of counted quants within tolerance and the value of the
    variance, from the count results of that day."""

    _name = "dist.inventory.accuracy"
    _description = "Inventory accuracy"
    _order = "date desc, warehouse_id, abc_class"
    _check_company_auto = True

    date = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", required=True, readonly=True, check_company=True
    )
    abc_class = fields.Selection(selection=ABC_CLASSES, string="Class", readonly=True)
    counted = fields.Integer(string="Quants counted", readonly=True)
    accurate = fields.Integer(string="Within tolerance", readonly=True)
    accuracy = fields.Float(
        string="Accuracy (%)", digits=(5, 1), readonly=True, aggregator="avg"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    variance_value = fields.Monetary(
        string="Variance (absolute)",
        readonly=True,
        help="Sum of the absolute values of the count variances.",
    )
    net_variance_value = fields.Monetary(string="Variance (net)", readonly=True)

    _sql_constraints = [
        (
            "day_unique",
            "UNIQUE NULLS NOT DISTINCT (warehouse_id, abc_class, date)",
            "One accuracy line per warehouse, class and day.",
        ),
    ]

    @api.model
    def _dist_snapshot(self, day, company_ids=None, warehouses=None):
        """(Re)compute the accuracy lines of `day` from its count results,
        in one statement per time zone of the warehouses (`day` is each
        warehouse's local day: its results are those applied between the
        UTC moments it begins and ends there); running it again changes
        nothing. Returns the number of lines written."""
        if warehouses is None:
            domain = [("company_id", "in", list(company_ids))] if company_ids else []
            # sudo: the history covers every warehouse whoever keeps it; the
            # lines are read through their own rules
            warehouses = self.env["stock.warehouse"].sudo().search(domain)
        groups = defaultdict(list)
        for warehouse in warehouses:
            groups[warehouse._dist_day_bounds(day)].append(warehouse.id)
        self.env["dist.count.result"].flush_model()
        self.flush_model()
        written = 0
        for (date_from, date_to), warehouse_ids in groups.items():
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO dist_inventory_accuracy (
                        date, company_id, warehouse_id, abc_class, counted,
                        accurate, accuracy, variance_value, net_variance_value,
                        create_uid, create_date, write_uid, write_date)
                    SELECT %(day)s, r.company_id, r.warehouse_id, r.abc_class,
                           COUNT(*), COUNT(*) FILTER (WHERE r.within_tolerance),
                           ROUND(100.0 * COUNT(*) FILTER (WHERE r.within_tolerance)
                                 / COUNT(*), 1),
                           SUM(ABS(r.variance_value)), SUM(r.variance_value),
                           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                           now() AT TIME ZONE 'UTC'
                      FROM dist_count_result r
                     WHERE r.date >= %(date_from)s AND r.date < %(date_to)s
                       AND r.warehouse_id = ANY(%(warehouses)s)
                     GROUP BY r.company_id, r.warehouse_id, r.abc_class
                    ON CONFLICT (warehouse_id, abc_class, date) DO UPDATE
                       SET counted = EXCLUDED.counted,
                           accurate = EXCLUDED.accurate,
                           accuracy = EXCLUDED.accuracy,
                           variance_value = EXCLUDED.variance_value,
                           net_variance_value = EXCLUDED.net_variance_value,
                           write_uid = EXCLUDED.write_uid,
                           write_date = EXCLUDED.write_date
                     WHERE (dist_inventory_accuracy.counted,
                            dist_inventory_accuracy.accurate,
                            dist_inventory_accuracy.variance_value,
                            dist_inventory_accuracy.net_variance_value)
                           IS DISTINCT FROM (EXCLUDED.counted, EXCLUDED.accurate,
                                             EXCLUDED.variance_value,
                                             EXCLUDED.net_variance_value)
                    """,
                    day=day,
                    uid=self.env.uid,
                    date_from=date_from,
                    date_to=date_to,
                    warehouses=warehouse_ids,
                )
            )
            written += self.env.cr.rowcount
        self.invalidate_model()
        return written

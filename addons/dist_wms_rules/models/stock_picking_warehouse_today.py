"""Warehouse today (see stock_warehouse_today.py): the lists behind a card."""

from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dist_my_warehouse = fields.Boolean(
        string="In my warehouse",
        compute="_compute_dist_my_warehouse",
        search="_search_dist_my_warehouse",
        help="The transfer's operation type belongs to one of your warehouses "
        "(your Default Warehouse per company, else all of that company's).",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dist_my_warehouse(self):
        mine = self.env.user._dist_operator_warehouses()
        for picking in self:
            picking.dist_my_warehouse = picking.picking_type_id.warehouse_id in mine

    def _search_dist_my_warehouse(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(f"dist_my_warehouse {operator} {value!r}")
        ids = self.env.user._dist_operator_warehouses().ids
        positive = (operator == "=") == value
        return [("picking_type_id.warehouse_id", "in" if positive else "not in", ids)]

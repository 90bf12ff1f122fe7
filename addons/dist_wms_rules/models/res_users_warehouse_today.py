"""Warehouse today (see stock_warehouse_today.py): the operator's home."""

from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _dist_operator_warehouses(self):
        """The warehouses this user works in, among the companies of the
        environment: per company, their Default Warehouse there (sale_stock's
        property_warehouse_id, set on the user's form), else all of that
        company's warehouses."""
        self.ensure_one()
        Warehouse = self.env["stock.warehouse"]
        warehouses = Warehouse.browse()
        for company in self.env.companies:
            # sudo: the user's own default warehouse per company (readable
            # by themselves anyway); the warehouses are then read as the user
            default = self.sudo().with_company(company).property_warehouse_id
            if default and default.company_id == company:
                warehouses |= Warehouse.browse(default.id)
            else:
                warehouses |= Warehouse.search([("company_id", "=", company.id)])
        return warehouses

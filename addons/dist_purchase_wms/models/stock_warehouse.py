from odoo import api, models
from odoo.tools import SQL


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    @api.model
    def _dist_count_classes_assigned(self, product_ids, warehouse_ids):
        """The ABC class of the product's replenishment segment in the
        warehouse, where the last replenishment run classified it: it wins
        over the product's count class."""
        classes = super()._dist_count_classes_assigned(product_ids, warehouse_ids)
        if not product_ids or not warehouse_ids:
            return classes
        self.env["dist.product.segment"].flush_model(
            ["product_id", "warehouse_id", "abc_class"]
        )
        # SQL: the planner reads classes of every company's segments it
        # plans for, whoever runs it, without record rules in the way
        self.env.cr.execute(
            SQL(
                "SELECT product_id, warehouse_id, abc_class "
                "FROM dist_product_segment "
                "WHERE product_id = ANY(%s) AND warehouse_id = ANY(%s) "
                "AND abc_class IS NOT NULL",
                list(product_ids),
                list(warehouse_ids),
            )
        )
        classes.update({(p, w): c for p, w, c in self.env.cr.fetchall()})
        return classes

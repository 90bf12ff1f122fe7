from odoo import models
from odoo.tools import SQL


class StockValuationLayer(models.Model):
    _inherit = "stock.valuation.layer"

    def init(self):
        res = super().init()
        # The aged-stock tiles and their drill-downs read the layers still
        # (partly) on hand, per company and receipt date: a few in a
        # hundred of all layers. This partial index lets them read only
        # those instead of every layer. Dropped by the addon's
        # uninstall_hook (hooks.py).
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dist_svl_remaining_idx "
                "ON stock_valuation_layer (company_id, create_date) "
                "WHERE remaining_qty > 0"
            )
        )
        return res

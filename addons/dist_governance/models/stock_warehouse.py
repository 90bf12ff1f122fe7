from odoo import api, fields, models

from odoo.addons.base.models.res_partner import _tz_get


class StockWarehouse(models.Model):
    _name = "stock.warehouse"
    _inherit = ["stock.warehouse", "dist.time.zone.mixin"]

    dist_tz = fields.Selection(
        selection=_tz_get,
        string="Time zone",
        compute="_compute_dist_tz",
        help="The warehouse's days (count lists, promise dates, priorities, "
        "its accuracy history): its address's time zone, else its "
        "company's, else UTC.",
    )

    @api.depends("partner_id.tz", "company_id.partner_id.tz")
    def _compute_dist_tz(self):
        for warehouse in self:
            warehouse.dist_tz = warehouse._dist_tz()

    def _dist_tz(self):
        self.ensure_one()
        # sudo: as for the company, a time zone tells nothing private
        return self.sudo().partner_id.tz or self.company_id._dist_tz()

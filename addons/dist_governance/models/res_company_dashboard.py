"""A company's control tower dashboard follows the company: made when the
company is created, renamed with it, deleted with it (see
spreadsheet_dashboard.py)."""

from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards(companies)
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "name" in vals:
            self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards(self)
        return res

    def unlink(self):
        self.check_access("unlink")
        # sudo: as in _dist_sync_company_dashboards, system records (the
        # caller may delete these companies, checked above)
        self.env["spreadsheet.dashboard"].sudo().with_context(active_test=False).search(
            [("dist_control_tower", "=", True), ("company_id", "in", self.ids)]
        ).unlink()
        return super().unlink()

from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dist_role_homes(self):
        # finance roles land on their documents: the finance controller on
        # the control tower, the clerk on the vendor bills, the credit
        # controller on the customer invoices
        return super()._dist_role_homes() + [
            (
                "dist_finance_controls.group_finance_controller",
                "dist_governance.dist_kpi_action_tiles",
                65,
            ),
            (
                "dist_finance_controls.group_credit_controller",
                "account.action_move_out_invoice_type",
                40,
            ),
            (
                "dist_finance_controls.group_ap_clerk",
                "account.action_move_in_invoice_type",
                35,
            ),
        ]

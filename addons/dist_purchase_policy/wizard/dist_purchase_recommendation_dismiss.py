from odoo import fields, models


class DistPurchaseRecommendationDismiss(models.TransientModel):
    _name = "dist.purchase.recommendation.dismiss"
    _description = "Dismiss purchase recommendations"

    reason = fields.Text(required=True)

    def action_dismiss(self):
        self.ensure_one()
        recs = self.env["dist.purchase.recommendation"].browse(
            self.env.context.get("active_ids", [])
        )
        recs._dismiss(self.reason)
        return {"type": "ir.actions.act_window_close"}

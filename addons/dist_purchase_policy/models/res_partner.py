from odoo import fields, models

GRADES = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_vendor_grade = fields.Selection(
        selection=GRADES,
        string="Vendor grade",
        company_dependent=True,
        help="Grade from the supplier scorecard (A best), set by the "
        "replenishment run; the approval matrix can route orders by it.",
    )
    dist_scorecard_ids = fields.One2many(
        comodel_name="dist.vendor.scorecard",
        inverse_name="partner_id",
        string="Scorecard",
        domain=[("product_id", "=", False)],
    )

    def action_dist_open_scorecard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_purchase_policy.dist_vendor_scorecard_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_group_product": 0}
        return action

from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def write(self, vals):
        if "active" in vals:
            self._dist_follow_policy_owned_rules(vals["active"])
        return super().write(vals)

    def _dist_follow_policy_owned_rules(self, active):
        """Archiving (or restoring) a product archives (restores) its reorder
        rules, Odoo's own flow: the rules a replenishment policy owns follow
        it too, though nobody edits them by hand."""
        products = self.filtered(lambda product: product.active != bool(active))
        if not products:
            return
        products.check_access("write")
        # sudo: the caller may archive these products (checked above), and
        # their policy-owned rules only follow the product as every rule does
        products.sudo().with_context(active_test=False).orderpoint_ids.filtered(
            "dist_managed"
        ).write({"active": bool(active)})

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# What a replenishment policy decides on the reorder rules it owns: changed
# only by the replenishment run (SQL, after an approved override where the
# product leaves its segment's policy), never by a person's write.
POLICY_OWNED_FIELDS = frozenset(
    {
        "product_min_qty",
        "product_max_qty",
        "qty_multiple",
        "trigger",
        "route_id",
        "supplier_id",
        "vendor_id",
        "product_id",
        "location_id",
        "warehouse_id",
        "company_id",
        "active",
        "dist_managed",
    }
)


class StockWarehouseOrderpoint(models.Model):
    _name = "stock.warehouse.orderpoint"
    _inherit = ["stock.warehouse.orderpoint", "dist.system.fields.mixin"]
    # which rules the replenishment run keeps is the run's to say
    _dist_system_fields = ("dist_managed",)

    dist_managed = fields.Boolean(
        string="Set by replenishment policy",
        readonly=True,
        copy=False,
        help="The replenishment run keeps this rule's min, max and multiple "
        "in line with the product's segment policy (and archives it when the "
        "product leaves automatic replenishment). Its levels, route, vendor "
        "and trigger change through a policy override approved by the "
        "approval matrix, not by hand.",
    )
    dist_segment_ids = fields.One2many(
        comodel_name="dist.product.segment",
        inverse_name="orderpoint_id",
        string="Segment",
    )

    def write(self, vals):
        self._dist_check_policy_owned(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_policy_owned(self):
        """A person deletes no rule a policy owns (the run would make it
        again): archiving follows the product, levels an override."""
        if self.env.su:
            return
        owned = self.filtered("dist_managed")
        if owned:
            raise UserError(
                self.env._(
                    "The reorder rule %(name)s of %(product)s is set by its "
                    "replenishment policy and cannot be deleted by hand. To "
                    "stop it, request a policy override (Distribution > "
                    "Replenishment > Policy overrides) and have it approved.",
                    name=owned[0].name,
                    product=owned[0].product_id.display_name,
                )
            )

    def _dist_check_policy_owned(self, vals):
        """Refuse a person's change to what a replenishment policy decides on
        the rules it owns. Superuser code (the run writes by SQL) passes;
        a context key does not."""
        if self.env.su:
            return
        touched = POLICY_OWNED_FIELDS.intersection(vals)
        if not touched:
            return
        changed = self.filtered(
            lambda rule: (
                rule.dist_managed
                and any(rule._dist_differs(name, vals[name]) for name in touched)
            )
        )
        if changed:
            rule = changed[0]
            raise UserError(
                self.env._(
                    "The reorder rule %(name)s of %(product)s is set by its "
                    "replenishment policy: %(fields)s change only through "
                    "the replenishment run. To make the product follow "
                    "other levels, request a policy override (Distribution "
                    "> Replenishment > Policy overrides) and have it "
                    "approved.",
                    name=rule.name,
                    product=rule.product_id.display_name,
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in touched
                        )
                    ),
                )
            )

    def _dist_differs(self, name, value):
        """Whether writing `value` (as in a write's vals) changes `name`:
        the web client and Odoo's buttons may send a value unchanged."""
        self.ensure_one()
        field = self._fields[name]
        current = self[name]
        if field.type == "many2one":
            return current.id != (value or False)
        if field.type == "float":
            return float_compare(current, value or 0.0, precision_digits=6) != 0
        return current != value

from odoo import fields, models

ATP_SOURCES = [
    ("stock", "From stock"),
    ("receipt", "From a planned receipt"),
    ("lead_time", "By the vendor's lead time"),
    ("short", "Not by the commitment date"),
]


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "dist.system.fields.mixin"]
    # written by the availability check only
    _dist_system_fields = (
        "dist_promise_date",
        "dist_atp_qty",
        "dist_atp_source",
        "dist_earliest_date",
    )

    dist_promise_date = fields.Datetime(
        string="Promise date",
        copy=False,
        readonly=True,
        help="When the customer was promised this line: its commitment date "
        "when available-to-promise covered it, else the earliest date it "
        "can be met (a confirmation beyond availability, logged).",
    )
    dist_atp_qty = fields.Float(
        string="Available to promise",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        help="Units of the product the warehouse could promise by the "
        "commitment date at the last check, in the product's unit, before "
        "this line.",
    )
    dist_atp_source = fields.Selection(
        selection=ATP_SOURCES,
        string="Availability",
        copy=False,
        readonly=True,
    )
    dist_earliest_date = fields.Datetime(
        string="Earliest date",
        copy=False,
        readonly=True,
        help="Earliest date the line can be met, from planned receipts and "
        "the primary vendor's lead time; empty when nothing is planned and no "
        "vendor sells the product.",
    )

    def _dist_commitment(self, now):
        """When this line is due to the customer."""
        self.ensure_one()
        return self.order_id.commitment_date or max(self._expected_date(), now)

    def _dist_atp_lines(self):
        return self.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.is_storable
                and line.product_uom_qty > 0
            )
        )

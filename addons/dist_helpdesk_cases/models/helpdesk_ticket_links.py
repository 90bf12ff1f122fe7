from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LINKS = (
    ("dist_requires_order", "dist_sale_order_id"),
    ("dist_requires_delivery", "dist_picking_id"),
    ("dist_requires_invoice", "dist_invoice_id"),
    ("dist_requires_product", "dist_product_id"),
    ("dist_requires_lot", "dist_lot_id"),
)


class HelpdeskTicket(models.Model):
    """The documents a case is about: its sales order, delivery, invoice,
    product and lot, of the case's company and customer."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "dist.system.fields.mixin"]
    # a case is opened from an exception by the register only
    _dist_system_fields = ("dist_exception_id",)

    dist_sale_order_id = fields.Many2one(
        comodel_name="sale.order", string="Sales order", index=True, tracking=True
    )
    dist_picking_id = fields.Many2one(
        comodel_name="stock.picking", string="Delivery", index=True, tracking=True
    )
    dist_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        index=True,
        domain=[("move_type", "in", ("out_invoice", "out_refund"))],
    )
    dist_product_id = fields.Many2one(comodel_name="product.product", string="Product")
    dist_lot_id = fields.Many2one(comodel_name="stock.lot", string="Lot")
    dist_exception_id = fields.Many2one(
        comodel_name="dist.exception",
        string="Opened from exception",
        readonly=True,
        copy=False,
        index=True,
    )

    _sql_constraints = [
        (
            "dist_exception_unique",
            "UNIQUE (dist_exception_id)",
            "An exception opens one case only.",
        ),
    ]

    @api.onchange("dist_picking_id")
    def _onchange_dist_picking_id(self):
        if self.dist_picking_id.sale_id and not self.dist_sale_order_id:
            self.dist_sale_order_id = self.dist_picking_id.sale_id

    @api.constrains(
        "company_id",
        "partner_id",
        "dist_sale_order_id",
        "dist_picking_id",
        "dist_invoice_id",
        "dist_lot_id",
    )
    def _check_dist_links(self):
        for ticket in self:
            customer = ticket.partner_id.commercial_partner_id
            for document in (
                ticket.dist_sale_order_id,
                ticket.dist_picking_id,
                ticket.dist_invoice_id,
                ticket.dist_lot_id,
            ):
                if not document:
                    continue
                # sudo: the check compares companies and customers the
                # agent may not be allowed to read in full
                doc = document.sudo()
                if doc.company_id and doc.company_id != ticket.company_id:
                    raise ValidationError(
                        self.env._(
                            "Case %(case)s belongs to %(company)s; it cannot "
                            "be linked to %(document)s of %(other)s.",
                            case=ticket.number,
                            company=ticket.company_id.name,
                            document=doc.display_name,
                            other=doc.company_id.name,
                        )
                    )
                partner = "partner_id" in doc._fields and doc.partner_id
                if (
                    customer
                    and partner
                    and document._name != "stock.lot"
                    and partner.commercial_partner_id != customer
                ):
                    raise ValidationError(
                        self.env._(
                            "Case %(case)s is %(customer)s's; %(document)s is "
                            "%(other)s's.",
                            case=ticket.number,
                            customer=customer.display_name,
                            document=doc.display_name,
                            other=partner.commercial_partner_id.display_name,
                        )
                    )

    def _dist_missing_links(self, vals=None):
        """{ticket: [labels]} of the links their category requires that they
        lack (counting those `vals` is about to set)."""
        vals = vals or {}
        missing = {}
        for ticket in self:
            labels = [
                ticket._fields[field].get_description(self.env)["string"]
                for flag, field in LINKS
                if ticket.category_id[flag] and not (vals.get(field) or ticket[field])
            ]
            if labels:
                missing[ticket] = labels
        return missing

    def _dist_check_can_close(self, vals):
        result = super()._dist_check_can_close(vals)
        missing = self._dist_missing_links(vals)
        if missing:
            raise UserError(
                self.env._(
                    "Link what the category requires before closing: %(details)s.",
                    details="; ".join(
                        f"{ticket.number}: {', '.join(labels)}"
                        for ticket, labels in missing.items()
                    ),
                )
            )
        return result

from odoo import fields, models


class HelpdeskTicketResolveLine(models.TransientModel):
    _name = "helpdesk.ticket.resolve.line"
    _description = "Line of a case resolution being proposed"

    wizard_id = fields.Many2one(
        comodel_name="helpdesk.ticket.resolve", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(comodel_name="product.product", required=True)
    delivered_qty = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    missing_qty = fields.Float(
        string="Missing", digits="Product Unit of Measure", readonly=True
    )
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Float(digits="Product Price", readonly=True)
    move_id = fields.Many2one(comodel_name="stock.move", readonly=True)
    sale_line_id = fields.Many2one(comodel_name="sale.order.line", readonly=True)
    invoice_line_id = fields.Many2one(comodel_name="account.move.line", readonly=True)

from odoo import api, fields, models
from odoo.exceptions import UserError


class DistQualityCheck(models.Model):
    """One product of one receipt checked against one checklist. The receipt
    cannot be validated until its checks are finished; a failed check sends
    the product's received quantity (its lots) to quarantine and raises an
    exception for the vendor's buyer."""

    _name = "dist.quality.check"
    _inherit = ["mail.thread", "dist.system.fields.mixin"]
    # made for a receipt by the suite; the verdict is its own
    _dist_system_fields = (
        "name",
        "company_id",
        "picking_id",
        "move_id",
        "product_id",
        "checklist_id",
        "state",
        "checked_by_id",
        "checked_date",
    )
    _description = "Receiving quality check"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    move_id = fields.Many2one(comodel_name="stock.move", readonly=True)
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, readonly=True
    )
    partner_id = fields.Many2one(
        related="picking_id.partner_id", string="Vendor", store=True
    )
    checklist_id = fields.Many2one(
        comodel_name="dist.quality.checklist",
        required=True,
        readonly=True,
        check_company=True,
    )
    line_ids = fields.One2many(
        comodel_name="dist.quality.check.line", inverse_name="check_id"
    )
    state = fields.Selection(
        selection=[("todo", "To do"), ("pass", "Passed"), ("fail", "Failed")],
        default="todo",
        required=True,
        readonly=True,
        tracking=True,
    )
    checked_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    checked_date = fields.Datetime(readonly=True)
    note = fields.Text()

    @api.depends("picking_id.name", "product_id", "checklist_id.name")
    def _compute_name(self):
        for check in self:
            check.name = self.env._(
                "%(receipt)s: %(product)s (%(checklist)s)",
                receipt=check.picking_id.name,
                product=check.product_id.display_name,
                checklist=check.checklist_id.name,
            )

    def action_finish(self):
        """Passed when every point passed, failed when one failed; every
        point needs a result, and a photo where the checklist asks."""
        # the verdict is written with the system's rights: the caller must
        # be a warehouse user who may work these checks
        self.check_access("write")
        for check in self:
            if check.state != "todo":
                raise UserError(
                    self.env._("%(name)s is finished already.", name=check.name)
                )
            missing = check.line_ids.filtered(
                lambda line: not line.result or (line.photo_required and not line.photo)
            )
            if missing:
                raise UserError(
                    self.env._(
                        "%(name)s: give a result (and a photo where asked) for "
                        "%(points)s.",
                        name=check.name,
                        points=", ".join(missing.mapped("name")),
                    )
                )
            failed = check.line_ids.filtered(lambda line: line.result == "fail")
            # sudo: the status is the system's verdict on the points given
            check.sudo().write(
                {
                    "state": "fail" if failed else "pass",
                    "checked_by_id": self.env.uid,
                    "checked_date": fields.Datetime.now(),
                }
            )
        return True

    def action_open_receipt(self):
        self.ensure_one()
        return self.picking_id.get_formview_action()

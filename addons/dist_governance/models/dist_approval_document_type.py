from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistApprovalDocumentType(models.Model):
    """A kind of document the approval matrix governs.

    Domain addons register theirs in data files (purchase order, inventory
    adjustment, return, ...): the model under OCA tier validation and where
    the matrix finds the amount and the conditions on a document."""

    _name = "dist.approval.document.type"
    _description = "Approval document type"
    _order = "sequence, name"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    model_id = fields.Many2one(
        comodel_name="ir.model",
        string="Document model",
        required=True,
        ondelete="cascade",
        domain=[("transient", "=", False)],
    )
    model = fields.Char(related="model_id.model", store=True)
    amount_field = fields.Char(
        required=True,
        help="Field path to the amount in company currency, e.g. amount_total_cc.",
    )
    warehouse_field = fields.Char(
        help="Field path to the document's warehouse, when it has one.",
    )
    category_field = fields.Char(
        help="Field path to the product categories of the document.",
    )
    grade_field = fields.Char(
        help="Field path to the vendor grade (A to D) of the document.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique (code)", "A document type code is unique."),
    ]

    @api.constrains(
        "model_id", "amount_field", "warehouse_field", "category_field", "grade_field"
    )
    def _check_field_paths(self):
        for doc_type in self:
            if doc_type.model not in self.env:
                continue
            model = self.env[doc_type.model]
            if "validation_status" not in model._fields:
                raise ValidationError(
                    self.env._(
                        "%(model)s is not under tier validation: install the "
                        "addon that adds it before registering %(name)s.",
                        model=doc_type.model_id.name,
                        name=doc_type.name,
                    )
                )
            for attr in (
                "amount_field",
                "warehouse_field",
                "category_field",
                "grade_field",
            ):
                path = doc_type[attr]
                if path and not self._dist_path_is_valid(model, path):
                    raise ValidationError(
                        self.env._(
                            "%(path)s is no field path of %(model)s "
                            "(document type %(name)s).",
                            path=path,
                            model=doc_type.model_id.name,
                            name=doc_type.name,
                        )
                    )

    @api.model
    def _dist_path_is_valid(self, model, path):
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None:
                return False
            if field.relational:
                model = self.env[field.comodel_name]
        return True

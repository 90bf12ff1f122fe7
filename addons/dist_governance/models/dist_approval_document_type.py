import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


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
    scope_domain = fields.Char(
        string="Documents covered",
        help="Which documents of the model this type covers, as a domain, "
        "e.g. [('move_type', 'in', ('in_invoice', 'in_refund'))] for vendor "
        "bills among journal entries. Empty: every document of the model. "
        "Several types may share a model when their scopes differ.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique (code)", "A document type code is unique."),
    ]

    def _dist_scope(self):
        """The scope as a domain ([] when the type covers the whole model)."""
        self.ensure_one()
        if not self.scope_domain:
            return []
        return ast.literal_eval(self.scope_domain)

    def _dist_in_scope(self, documents):
        """The documents among `documents` this type covers."""
        self.ensure_one()
        scope = self._dist_scope()
        return documents.filtered_domain(scope) if scope else documents

    @api.constrains("model_id", "scope_domain")
    def _check_scope_domain(self):
        for doc_type in self.filtered("scope_domain"):
            try:
                scope = doc_type._dist_scope()
                if not isinstance(scope, list):
                    raise ValueError(scope)
                if doc_type.model in self.env:
                    # checks every field name and operator of the domain
                    self.env[doc_type.model]._where_calc(
                        expression.normalize_domain(scope)
                    )
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The documents covered by %(name)s are no valid domain "
                        "of %(model)s: %(domain)s (%(error)s).",
                        name=doc_type.name,
                        model=doc_type.model_id.name,
                        domain=doc_type.scope_domain,
                        error=error,
                    )
                ) from error

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

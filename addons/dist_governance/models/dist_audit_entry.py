from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..names import model_names

EVENTS = [
    ("review_approved", "Review approved"),
    ("review_rejected", "Review rejected"),
    ("review_other", "Review status changed"),
    ("exception_state", "Exception state changed"),
    ("escalated", "Escalated"),
    ("waiver", "Segregation of duties waiver"),
    ("delegation", "Approval delegation"),
]


class DistAuditEntry(models.Model):
    """Append-only trail of governed decisions.

    Entries are written by the suite's code (approvals, rejections, exception
    state changes, escalations); nobody edits or deletes them but the
    superuser."""

    _name = "dist.audit.entry"
    _description = "Audit entry"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Done by",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    on_behalf_of_id = fields.Many2one(
        comodel_name="res.users",
        string="On behalf of",
    )
    event = fields.Selection(selection=EVENTS, required=True, index=True)
    res_model = fields.Char(string="Model (technical name)", required=True, index=True)
    document_type = fields.Char(
        compute="_compute_labels",
        help="The kind of record the decision was about (purchase order, "
        "exception...).",
    )
    res_id = fields.Many2oneReference(
        string="Record ID",
        model_field="res_model",
        required=True,
        index=True,
    )
    record_name = fields.Char(string="Record")
    field_name = fields.Char(string="Field (technical name)")
    field_label = fields.Char(
        string="Field", compute="_compute_labels", help="The field that changed."
    )
    old_value = fields.Char()
    new_value = fields.Char()
    company_id = fields.Many2one(comodel_name="res.company", index=True)

    @api.depends("res_model", "field_name")
    def _compute_labels(self):
        kinds = model_names(self.env, set(self.mapped("res_model")))
        for entry in self:
            entry.document_type = kinds.get(entry.res_model, False)
            field = (
                self.env[entry.res_model]._fields.get(entry.field_name)
                if entry.res_model in kinds and entry.field_name
                else None
            )
            entry.field_label = (
                field._description_string(self.env) if field else entry.field_name
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_superuser(self.env._("created"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_superuser(self.env._("changed"))
        return super().write(vals)

    def unlink(self):
        self._check_superuser(self.env._("deleted"))
        return super().unlink()

    def _check_superuser(self, verb):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Audit entries are written by the suite itself and cannot "
                    "be %(verb)s by %(user)s.",
                    verb=verb,
                    user=self.env.user.name,
                )
            )

    @api.model
    def _log(self, record, event, old=None, new=None, field_name=None, **values):
        """Append one entry about `record` (one record)."""
        company = "company_id" in record._fields and record.company_id
        # sudo: the trail is append-only for everyone; this is its one writer
        return self.sudo().create(
            {
                "user_id": self.env.user.id,
                "event": event,
                "res_model": record._name,
                "res_id": record.id,
                "record_name": record.sudo().display_name,
                "field_name": field_name,
                "old_value": old,
                "new_value": new,
                "company_id": company.id if company else False,
                **values,
            }
        )

    @api.model
    def _log_changes(self, records, field_name, old_values, event):
        """One entry per record whose `field_name` changed from
        `old_values[record.id]`."""
        field = records._fields[field_name]
        labels = (
            dict(field._description_selection(self.env))
            if field.type == "selection"
            else {}
        )
        for record in records:
            old, new = old_values.get(record.id), record[field_name]
            if old != new:
                self._log(
                    record,
                    event,
                    old=labels.get(old, old),
                    new=labels.get(new, new),
                    field_name=field_name,
                )

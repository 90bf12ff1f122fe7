from odoo import api, fields, models
from odoo.exceptions import AccessError


class DistCompanySettingsMixin(models.AbstractModel):
    """A settings form for one role: company fields shown as related fields
    of a transient record, written to the company by the role that owns
    them, without Odoo's Settings administrator rights.

    A model using it sets `_dist_settings_group` (the role, an xmlid) and
    declares its company fields as `related="company_id.<field>",
    readonly=False`; only those are written (the ones listed by
    `_dist_settings_fields`), and only to one of the caller's companies."""

    _name = "dist.company.settings.mixin"
    # the wizard itself stays in its writer's companies too
    _inherit = ["dist.company.guard.mixin"]
    _description = "Company settings of a role"
    _dist_settings_group = None

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )

    @api.model
    def _dist_settings_fields(self):
        return [
            name
            for name, field in self._fields.items()
            if field.related
            and field.related.startswith("company_id.")
            and not field.readonly
        ]

    def _dist_check_settings_right(self, company):
        if self.env.su:
            return
        if not self.env.user.has_group(self._dist_settings_group) or (
            company not in self.env.companies
        ):
            raise AccessError(
                self.env._(
                    "%(user)s may not change the %(settings)s of %(company)s.",
                    user=self.env.user.name,
                    settings=self._description,
                    company=company.display_name,
                )
            )

    def _dist_split(self, vals):
        names = set(self._dist_settings_fields())
        own = {key: value for key, value in vals.items() if key not in names}
        company_vals = {key: value for key, value in vals.items() if key in names}
        return own, company_vals

    def _dist_write_company(self, company, company_vals):
        if not company_vals:
            return
        self._dist_check_settings_right(company)
        # safe: the caller holds the role in this company (checked above) and
        # only the role's own settings fields are in company_vals
        company.sudo().write(company_vals)

    @api.model_create_multi
    def create(self, vals_list):
        split = [self._dist_split(vals) for vals in vals_list]
        records = super().create([own for own, _company_vals in split])
        for record, (_own, company_vals) in zip(records, split, strict=True):
            record._dist_write_company(record.company_id, company_vals)
        return records

    def write(self, vals):
        own, company_vals = self._dist_split(vals)
        result = super().write(own) if own else True
        for record in self:
            record._dist_write_company(record.company_id, company_vals)
        return result

    def action_save(self):
        """The values are written when the form saves, before this runs;
        refused, like the save, to whoever does not hold the role."""
        for record in self:
            record._dist_check_settings_right(record.company_id)
        return True

from odoo import api, models
from odoo.exceptions import AccessError


class DistCompanyGuardMixin(models.AbstractModel):
    """Records stay in their writer's companies.

    Odoo checks a write against the record rules of the records as they are
    *before* the write: a user of company A may create or take a record of A
    and write its company to B, out of their own reach. Every model the suite
    governs inherits this mixin; a write (or create) by a user, not by the
    suite's own sudo code, that would put a record in another company is
    refused before anything is written:

    * the record's new company must be one of the writer's selected
      companies (or none), as the company record rules
      (``company_id in company_ids``) need to read it afterwards;
    * a record that changes company needs a writer who belongs to both
      the old and the new company; clearing the company shares the record
      with every company, so it needs a writer who belongs to all of them.

    The company is the model's ``company_id``; where it is related (a line's
    order's company, a picking's operation type's company) the first field of
    the path moves the record too and is checked the same way; written
    together with the company itself, both are checked, as Odoo recomputes
    the company from the path. A computed company that is not related is
    checked after the write, inside a savepoint that the refusal rolls back.

    Writes that touch none of these fields pay nothing.
    """

    _name = "dist.company.guard.mixin"
    _description = "Records stay in their writer's companies"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            # sudo: only the new records' companies are read, to refuse them
            records._dist_company_guard_check(
                {record.id: record.company_id for record in records.sudo()}
            )
        return records

    def write(self, vals):
        if self.env.su or not self or not self._dist_company_guard_touched(vals):
            return super().write(vals)
        # sudo: the companies before the write are read to check the move;
        # the write itself runs as the caller, under the caller's rules
        old = {record.id: record.company_id for record in self.sudo()}
        new = self._dist_company_guard_predict(vals)
        if new is not None:
            self._dist_company_guard_check(new, old)
            return super().write(vals)
        with self.env.cr.savepoint():
            res = super().write(vals)
            self._dist_company_guard_check(
                {record.id: record.company_id for record in self.sudo()}, old
            )
        return res

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------

    @api.model
    def _dist_company_guard_fields(self):
        """The fields whose write can move a record to another company:
        `company_id` and the first field of each of its dependencies."""
        field = self._fields["company_id"]
        names = {"company_id"}
        names.update(
            path.split(".")[0] for path in self.pool.field_depends.get(field, ())
        )
        return names

    def _dist_company_guard_touched(self, vals):
        return not vals.keys().isdisjoint(self._dist_company_guard_fields())

    def _dist_company_guard_predict(self, vals):
        """{record id: the companies the record may be in after writing
        `vals`} without writing, or None when the company is computed
        otherwise than by a related path.

        A related company written together with its path is recomputed
        from the path: both the written company and the path's are
        checked."""
        companies = self.env["res.company"]
        field = self._fields["company_id"]
        if not field.compute:
            company = companies.browse(vals["company_id"] or ())
            return dict.fromkeys(self.ids, company)
        if not field.related:
            return None
        first, rest = field.related.split(".", 1)
        target = self._fields[first]
        if target.type != "many2one":
            return None
        company = companies
        if "company_id" in vals:
            company |= companies.browse(vals["company_id"] or ())
        if first in vals:
            # sudo: the target's company is only read, to refuse the move
            parent = self.env[target.comodel_name].sudo().browse(vals[first] or ())
            company |= companies.browse(parent.mapped(rest).ids)
        return dict.fromkeys(self.ids, company)

    def _dist_company_guard_check(self, new, old=None):
        """Refuse unless, for every record whose company changes from
        `old[id]` to `new[id]` (res.company records; no `old` for new
        records), the writer belongs to both and has the new one selected."""
        member = set(self.env.user._get_company_ids())
        selected = set(self.env.companies.ids)
        for record in self:
            after = new[record.id]
            before = after if old is None else old[record.id]
            if old is not None and before == after:
                continue
            # a new record has no old company: being selected is enough
            reach = before | after
            if old is not None and before and not after:
                # no company shares the record with every company: only a
                # user of all of them may widen it so far
                reach |= self.env["res.company"].sudo().search([])
            outside = reach.filtered(lambda c: c.id not in member)
            if old is not None and outside:
                raise AccessError(
                    self.env._(
                        "%(record)s cannot move from %(old)s to %(new)s: "
                        "only a user of both companies may move it, and you "
                        "do not work for %(company)s.",
                        record=record.sudo().display_name,
                        old=self._dist_company_guard_names(before),
                        new=self._dist_company_guard_names(after),
                        company=outside[0].sudo().name,
                    )
                )
            unselected = after.filtered(lambda c: c.id not in selected)
            if unselected:
                raise AccessError(
                    self.env._(
                        "%(record)s cannot be put in %(company)s: select "
                        "that company first, or you could no longer see it.",
                        record=record.sudo().display_name,
                        company=unselected[0].sudo().name,
                    )
                )

    def _dist_company_guard_names(self, companies):
        return ", ".join(companies.sudo().mapped("name")) or self.env._("no company")

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models


class DistApprovalMatrixGrid(models.TransientModel):
    """The approval matrix as the seed documents draw it: a row per document
    type and amount band, a column per company, the approvers per tier in
    each cell."""

    _name = "dist.approval.matrix.grid"
    _description = "Approval matrix grid"

    document_type_ids = fields.Many2many(
        comodel_name="dist.approval.document.type",
        string="Document types",
        help="Empty: every document type.",
    )
    company_ids = fields.Many2many(
        comodel_name="res.company",
        string="Companies",
        default=lambda self: self.env.companies,
    )
    grid = fields.Html(compute="_compute_grid", sanitize=False)

    @api.depends("document_type_ids", "company_ids")
    def _compute_grid(self):
        for wizard in self:
            wizard.grid = wizard._render_grid()

    def _render_grid(self):
        # _origin: in the dialog the wizard is a new record (onchange)
        companies = self.company_ids._origin.sorted("name")
        domain = [("company_id", "in", companies.ids)]
        if self.document_type_ids:
            domain.append(
                ("document_type_id", "in", self.document_type_ids._origin.ids)
            )
        lines = self.env["dist.approval.matrix"].search(domain)
        cells = defaultdict(list)
        rows = {}
        for line in lines:
            condition = line._dist_condition_label()
            key = (
                line.document_type_id.sequence,
                line.document_type_id.name,
                line.amount_min,
                line.open_ended,
                line.amount_max,
                condition,
            )
            rows[key] = (line.document_type_id.name, line.band_label, condition)
            cells[key, line.company_id.id].append(line)
        if not rows:
            empty = self.env._("The approval matrix has no line yet.")
            return Markup("<p>%s</p>") % empty
        head = Markup("").join(
            Markup("<th>%s</th>") % company.name for company in companies
        )
        body = Markup("")
        for key in sorted(rows, key=lambda k: (k[0], k[1], k[2], k[3], k[4], k[5])):
            doc_name, band, condition = rows[key]
            label = Markup("%s<br/><small>%s</small>") % (band, condition or "")
            tds = Markup("")
            for company in companies:
                tiers = sorted(cells.get((key, company.id), []), key=lambda t: t.tier)
                tds += Markup("<td>%s</td>") % Markup("<br/>").join(
                    escape(f"{tier.tier}. {tier.approver_label}") for tier in tiers
                )
            body += Markup("<tr><td>%s</td><td>%s</td>%s</tr>") % (doc_name, label, tds)
        return Markup(
            '<table class="table table-sm table-bordered o_dist_matrix_grid">'
            "<thead><tr><th>%s</th><th>%s</th>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (self.env._("Document"), self.env._("Amount band"), head, body)

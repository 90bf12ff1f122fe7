import itertools

from odoo import api, fields, models
from odoo.exceptions import UserError

ABC = [("A", "A"), ("B", "B"), ("C", "C")]
XYZ = [("X", "X"), ("Y", "Y"), ("Z", "Z")]
PATTERNS = [
    ("smooth", "Smooth"),
    ("erratic", "Erratic"),
    ("intermittent", "Intermittent"),
    ("lumpy", "Lumpy"),
    ("new", "New"),
]


class DistPolicyMatrixCell(models.Model):
    """One cell of the policy matrix: the policy of the products of a company
    in an ABC x XYZ x demand-pattern segment. Every company has all 45
    cells; cells are reassigned, never removed."""

    _name = "dist.policy.matrix.cell"
    _description = "Policy matrix cell"
    _order = "company_id, abc_class, xyz_class, demand_pattern"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    abc_class = fields.Selection(
        selection=ABC,
        string="ABC",
        required=True,
        help="How much money goes through the product: A the items making "
        "the first 80 % of the consumption value, B the next 15 %, C the "
        "rest.",
    )
    xyz_class = fields.Selection(
        selection=XYZ,
        string="XYZ",
        required=True,
        help="How steady the demand is from one period to the next: X steady, "
        "Y varying, Z volatile.",
    )
    demand_pattern = fields.Selection(selection=PATTERNS, required=True)
    policy_id = fields.Many2one(
        comodel_name="dist.replenishment.policy",
        required=True,
        check_company=True,
        ondelete="restrict",
    )
    policy_mode = fields.Selection(related="policy_id.mode")
    segment_count = fields.Integer(compute="_compute_segment_count")

    _sql_constraints = [
        (
            "cell_unique",
            "unique (company_id, abc_class, xyz_class, demand_pattern)",
            "The policy matrix has one cell per company, ABC, XYZ and pattern.",
        ),
    ]

    def _compute_segment_count(self):
        groups = self.env["dist.product.segment"]._read_group(
            [("company_id", "in", self.company_id.ids)],
            ["company_id", "abc_class", "xyz_class", "demand_pattern"],
            ["__count"],
        )
        counts = {(c.id, a, x, p): n for c, a, x, p, n in groups}
        for cell in self:
            cell.segment_count = counts.get(
                (
                    cell.company_id.id,
                    cell.abc_class,
                    cell.xyz_class,
                    cell.demand_pattern,
                ),
                0,
            )

    @api.model
    def _dist_all_cells(self):
        return itertools.product(
            [a for a, _label in ABC],
            [x for x, _label in XYZ],
            [p for p, _l in PATTERNS],
        )

    @api.model
    def _dist_default_policy_code(self, abc, xyz, pattern):
        """Fast smooth movers run on their own, strategic A items are
        reviewed, volatile items are sensed, sparse demand uses Croston's
        family."""
        if pattern == "new":
            return "new"
        if pattern == "intermittent":
            return "intermittent"
        if pattern == "lumpy":
            return "lumpy"
        if pattern == "smooth" and (xyz == "X" or (xyz == "Y" and abc != "A")):
            return "auto"
        if abc == "A":
            return "strategic"
        return "sensing"

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A cell of the policy matrix cannot be removed: every segment "
                "needs a policy. Assign the cell another policy instead."
            )
        )

    @api.model
    def _dist_policies_by_cell(self, company):
        """{(abc, xyz, pattern): policy id} for `company`; a UserError names
        the missing cells when the matrix has holes."""
        cells = self.search([("company_id", "=", company.id)])
        matrix = {
            (c.abc_class, c.xyz_class, c.demand_pattern): c.policy_id
            for c in cells
            if c.policy_id.active
        }
        holes = [cell for cell in self._dist_all_cells() if cell not in matrix]
        if holes:
            raise UserError(
                self.env._(
                    "The policy matrix of %(company)s has no active policy for "
                    "%(cells)s: assign one to every cell before running "
                    "replenishment.",
                    company=company.name,
                    cells=", ".join("/".join(cell) for cell in holes[:10])
                    + (" ..." if len(holes) > 10 else ""),
                )
            )
        return {key: policy.id for key, policy in matrix.items()}

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import float_compare

from .review_route import on_review_route, review_route

VENDOR_GRADES = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
CONDITION_FIELDS = (
    "exception_type_id",
    "warehouse_id",
    "product_category_id",
    "vendor_grade",
)
# fields that shape the generated tier definition
SYNC_FIELDS = {
    "company_id",
    "document_type_id",
    "amount_min",
    "amount_max",
    "open_ended",
    *CONDITION_FIELDS,
    "approver_type",
    "approver_user_id",
    "approver_group_id",
    "tier",
    "comment_required",
    "active",
}


class DistApprovalMatrix(models.Model):
    """One line of the approval matrix: in this company, this document type
    within this amount band (and these conditions) needs this approver at
    this tier.

    Each line generates an OCA ``tier.definition`` and keeps it in sync; the
    tier validation engine does the rest."""

    _name = "dist.approval.matrix"
    _description = "Approval matrix line"
    _order = "company_id, document_type_id, amount_min, tier, id"
    _check_company_auto = True
    _rec_names_search = ["document_type_id", "approver_user_id", "approver_group_id"]

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    document_type_id = fields.Many2one(
        comodel_name="dist.approval.document.type",
        string="Document type",
        required=True,
        index=True,
        ondelete="restrict",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_min = fields.Monetary(
        string="From",
        currency_field="currency_id",
        aggregator=None,
        help="Inclusive, in company currency.",
    )
    amount_max = fields.Monetary(
        string="Below",
        currency_field="currency_id",
        aggregator=None,
        help="Exclusive, in company currency; ignored when open ended.",
    )
    open_ended = fields.Boolean(help="No upper bound: from the amount upwards.")
    exception_type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        string="With open exception",
        check_company=True,
        help="Only documents with an open exception of this type.",
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        check_company=True,
    )
    product_category_id = fields.Many2one(
        comodel_name="product.category",
        string="Product category",
        help="Documents with a product in this category or below.",
    )
    vendor_grade = fields.Selection(selection=VENDOR_GRADES)
    approver_type = fields.Selection(
        selection=[
            ("user", "User"),
            ("group", "Role"),
            ("requester_manager", "Requester's manager"),
        ],
        required=True,
        default="group",
    )
    approver_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Approver",
        domain=[("share", "=", False)],
    )
    approver_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approving role",
    )
    tier = fields.Integer(
        default=1,
        aggregator=None,
        required=True,
        help="1 approves first, then 2, and so on.",
    )
    comment_required = fields.Boolean(
        string="Comment on decision",
        help="The approver must write a comment to approve or reject.",
    )
    sla_hours = fields.Float(
        string="Approval SLA (hours)",
        help="Pending reviews older than this are escalated.",
    )
    escalation_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Escalate to",
        domain=[("share", "=", False)],
    )
    active = fields.Boolean(default=True)
    tier_definition_id = fields.Many2one(
        comodel_name="tier.definition",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    approver_label = fields.Char(
        string="Approved by",
        compute="_compute_approver_label",
    )
    band_label = fields.Char(string="Band", compute="_compute_band_label")

    @api.depends("approver_type", "approver_user_id", "approver_group_id")
    def _compute_approver_label(self):
        for line in self:
            if line.approver_type == "user":
                line.approver_label = line.approver_user_id.name
            elif line.approver_type == "group":
                line.approver_label = line.approver_group_id.name
            else:
                line.approver_label = self.env._("Requester's manager")

    @api.depends("amount_min", "amount_max", "open_ended", "currency_id")
    def _compute_band_label(self):
        for line in self:
            low = line._dist_format_amount(line.amount_min)
            line.band_label = (
                self.env._("%(low)s and more", low=low)
                if line.open_ended
                else self.env._(
                    "%(low)s to below %(high)s",
                    low=low,
                    high=line._dist_format_amount(line.amount_max),
                )
            )

    @api.depends("document_type_id", "band_label", "tier", "company_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(type)s, %(band)s, tier %(tier)s (%(company)s)",
                type=line.document_type_id.name,
                band=line.band_label,
                tier=line.tier,
                company=line.company_id.name,
            )

    def _dist_format_amount(self, amount):
        return f"{amount:,.0f}"

    # ------------------------------------------------------------------
    # Constraints: each error names the lines in conflict
    # ------------------------------------------------------------------

    @api.constrains("amount_min", "amount_max", "open_ended", "tier")
    def _check_band(self):
        for line in self:
            if line.amount_min < 0 or (not line.open_ended and line.amount_max < 0):
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s: amounts cannot be negative.",
                        line=line.display_name,
                    )
                )
            if not line.open_ended and (
                float_compare(
                    line.amount_min,
                    line.amount_max,
                    precision_rounding=line.currency_id.rounding or 0.01,
                )
                >= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s: the band starts at %(low)s and "
                        "must end above it, not at %(high)s (or be open ended).",
                        line=line.display_name,
                        low=line._dist_format_amount(line.amount_min),
                        high=line._dist_format_amount(line.amount_max),
                    )
                )
            if not 1 <= line.tier <= 99:
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s: tiers count from 1 to 99.",
                        line=line.display_name,
                    )
                )

    @api.constrains(
        "document_type_id", "warehouse_id", "product_category_id", "vendor_grade"
    )
    def _check_conditions_readable(self):
        for line in self:
            doc_type = line.document_type_id
            missing = [
                label
                for label, condition, path in (
                    (self.env._("warehouse"), line.warehouse_id, "warehouse_field"),
                    (
                        self.env._("product category"),
                        line.product_category_id,
                        "category_field",
                    ),
                    (self.env._("vendor grade"), line.vendor_grade, "grade_field"),
                )
                if condition and not doc_type[path]
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s: %(type)s documents have no "
                        "%(what)s to match.",
                        line=line.display_name,
                        type=doc_type.name,
                        what=", ".join(missing),
                    )
                )

    @api.constrains("approver_type", "approver_user_id", "approver_group_id")
    def _check_approver(self):
        for line in self:
            if line.approver_type == "user" and not line.approver_user_id:
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s: name the approver.",
                        line=line.display_name,
                    )
                )
            if line.approver_type == "group" and not line.approver_group_id:
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s: name the approving role.",
                        line=line.display_name,
                    )
                )

    @api.constrains(
        "approver_type",
        "approver_user_id",
        "approver_group_id",
        "company_id",
        "document_type_id",
    )
    def _check_approver_company(self):
        """Whoever the line names can open the documents it sends them, in
        its company: else they could not decide and the documents would wait
        forever. The requester's manager is known only when a validation is
        asked: it is checked then (see tier.validation)."""
        role_reads = {}
        for line in self:
            company = line.company_id
            model = line.document_type_id.model
            if line.approver_type == "user":
                user = line.approver_user_id
                if company not in user.company_ids:
                    raise ValidationError(
                        self.env._(
                            "Matrix line %(line)s: %(user)s has no access to "
                            "%(company)s and could not approve its documents.",
                            line=line.display_name,
                            user=user.name,
                            company=company.name,
                        )
                    )
                if not line._dist_user_reads(user, model):
                    raise ValidationError(
                        self.env._(
                            "Matrix line %(line)s: %(user)s cannot open %(documents)s "
                            "and so could not approve them. Name an approver whose "
                            "role reads them, or give %(user)s such a role first.",
                            line=line.display_name,
                            user=user.name,
                            documents=self.env[model]._description,
                        )
                    )
            elif line.approver_type == "group":
                group = line.approver_group_id
                if not group.users.filtered(
                    lambda u, c=company: c in u.company_ids and u.active
                ):
                    raise ValidationError(
                        self.env._(
                            "Matrix line %(line)s: nobody holding %(role)s works "
                            "in %(company)s, so nobody could approve.",
                            line=line.display_name,
                            role=group.full_name,
                            company=company.name,
                        )
                    )
                if (group, model) not in role_reads:
                    role_reads[group, model] = line._dist_role_reads(group, model)
                if not role_reads[group, model]:
                    raise ValidationError(
                        self.env._(
                            "Matrix line %(line)s: the role %(role)s cannot open "
                            "%(documents)s, so its holders could not approve "
                            "them. Choose a role that reads them.",
                            line=line.display_name,
                            role=group.full_name,
                            documents=self.env[model]._description,
                        )
                    )

    @api.model
    def _dist_user_reads(self, user, model):
        """May `user` open documents of `model` (its access rights)?"""
        # their own companies: the editor's selection means nothing to them
        return (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .has_access("read")
        )

    @api.model
    def _dist_role_reads(self, group, model):
        """Does the role `group` (with the roles it implies) give read access
        to documents of `model`?"""
        # sudo: access rights are configuration; the controller who names a
        # role needs to know what it reads, not to read the rights themselves
        return bool(
            self.env["ir.model.access"]
            .sudo()
            .search_count(
                [
                    ("model_id.model", "=", model),
                    ("perm_read", "=", True),
                    ("active", "=", True),
                    "|",
                    ("group_id", "=", False),
                    ("group_id", "in", (group | group.trans_implied_ids).ids),
                ],
                limit=1,
            )
        )

    @api.constrains(
        "company_id",
        "document_type_id",
        "amount_min",
        "amount_max",
        "open_ended",
        "tier",
        "active",
        *CONDITION_FIELDS,
    )
    def _check_overlap(self):
        for line in self.filtered("active"):
            domain = [
                ("id", "!=", line.id),
                ("company_id", "=", line.company_id.id),
                ("document_type_id", "=", line.document_type_id.id),
                ("tier", "=", line.tier),
                "|",
                ("open_ended", "=", True),
                ("amount_max", ">", line.amount_min),
            ]
            domain += [
                (name, "=", line[name].id if name.endswith("_id") else line[name])
                for name in CONDITION_FIELDS
            ]
            if not line.open_ended:
                domain.append(("amount_min", "<", line.amount_max))
            # sudo: overlaps count across lines the editor may not all see
            others = self.sudo().search(domain)
            if others:
                raise ValidationError(
                    self.env._(
                        "Matrix line %(line)s overlaps %(others)s: for the same "
                        "company, document type, tier and conditions the amount "
                        "bands must not overlap.",
                        line=line.display_name,
                        others=", ".join(others.mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: keep the generated tier definitions in sync
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the generated definition is the matrix's own, never chosen
            vals.pop("tier_definition_id", None)
        lines = super().create(vals_list)
        lines._dist_sync_tier_definitions()
        return lines

    def write(self, vals):
        if not on_review_route(self.env):
            vals.pop("tier_definition_id", None)
        if SYNC_FIELDS & set(vals):
            self._dist_check_not_own_pending()
        res = super().write(vals)
        if SYNC_FIELDS & set(vals):
            self._dist_sync_tier_definitions()
        return res

    def unlink(self):
        self.check_access("unlink")
        self._dist_check_not_own_pending()
        # reviews already requested keep their definition: archive it
        # sudo: tier definitions are administrator records; the controller
        # may change them only through the matrix, and only its own
        self.tier_definition_id.sudo().filtered(
            lambda d: d.dist_matrix_line_id in self
        ).write({"active": False})
        return super().unlink()

    def _dist_check_not_own_pending(self):
        """Nobody changes the rules their own document waits on: a user who
        asked for a validation still open under one of these lines may not
        edit or delete them (another controller may)."""
        if self.env.su:
            return
        user = self.env.user
        # sudo: the open reviews under these lines, whoever may read them
        reviews = (
            self.env["tier.review"]
            .sudo()
            .search(
                [
                    ("definition_id", "in", self.sudo().tier_definition_id.ids),
                    ("status", "in", ("waiting", "pending")),
                ]
            )
        )
        for review in reviews:
            if user in review._dist_requesters():
                raise AccessError(
                    self.env._(
                        "%(user)s asked for the validation of %(document)s, "
                        "which waits on matrix line %(line)s: they cannot "
                        "change that line while it waits. Another governance "
                        "controller can.",
                        user=user.name,
                        document=review._dist_document_name(),
                        line=review.definition_id.dist_matrix_line_id.display_name,
                    )
                )

    def _dist_sync_tier_definitions(self):
        # sudo: as in unlink, the matrix is the controller's way to define tiers
        Definition = self.env["tier.definition"].sudo().with_context(active_test=False)
        Review = self.env["tier.review"].sudo()
        for line in self:
            vals = line._dist_tier_definition_vals()
            definition = line.tier_definition_id.sudo()
            if (
                definition
                and definition.dist_matrix_line_id == line
                and Review.search_count(
                    [("definition_id", "=", definition.id)], limit=1
                )
            ):
                # reviews asked under the definition keep the rules they were
                # asked under (reviewers, comment, sequence read it): it is
                # archived with them, and the line goes on with a new one
                definition.write({"active": False})
                definition = Definition.create(vals)
                review_route(line).write({"tier_definition_id": definition.id})
            elif definition and definition.dist_matrix_line_id == line:
                definition.write(vals)
            else:
                # the server-side route: the one way to link a definition
                definition = Definition.create(vals)
                review_route(line).write({"tier_definition_id": definition.id})

    def _dist_tier_definition_vals(self):
        self.ensure_one()
        doc_type = self.document_type_id
        vals = {
            "name": self.env._(
                "%(type)s %(band)s: tier %(tier)s",
                type=doc_type.name,
                band=self.band_label,
                tier=self.tier,
            ),
            "model_id": doc_type.model_id.id,
            "company_id": self.company_id.id,
            "definition_type": "domain",
            "definition_domain": str(self._dist_domain()),
            # OCA numbers reviews by definition sequence, highest first
            "sequence": 1000 - self.tier,
            "approve_sequence": True,
            "approve_sequence_bypass": False,
            "has_comment": self.comment_required,
            "active": self.active,
            "dist_matrix_line_id": self.id,
            "reviewer_id": False,
            "reviewer_group_id": False,
            "reviewer_field_id": False,
        }
        if self.approver_type == "user":
            vals.update(review_type="individual", reviewer_id=self.approver_user_id.id)
        elif self.approver_type == "group":
            vals.update(
                review_type="group", reviewer_group_id=self.approver_group_id.id
            )
        else:
            manager_field = self.env["ir.model.fields"]._get(
                doc_type.model, "dist_requester_manager_id"
            )
            if not manager_field:
                raise ValidationError(
                    self.env._(
                        "%(model)s does not know the requester's manager yet: "
                        "update the Distribution Governance addon.",
                        model=doc_type.model_id.name,
                    )
                )
            vals.update(review_type="field", reviewer_field_id=manager_field.id)
        return vals

    def _dist_domain(self):
        """The line as a readable domain on the document (shown on the tier
        definition; the matrix evaluates it faster in Python)."""
        doc_type = self.document_type_id
        domain = list(doc_type._dist_scope())
        domain.append((doc_type.amount_field, ">=", self.amount_min))
        if not self.open_ended:
            domain.append((doc_type.amount_field, "<", self.amount_max))
        if self.warehouse_id and doc_type.warehouse_field:
            domain.append((doc_type.warehouse_field, "=", self.warehouse_id.id))
        if self.product_category_id and doc_type.category_field:
            domain.append(
                (doc_type.category_field, "child_of", self.product_category_id.id)
            )
        if self.vendor_grade and doc_type.grade_field:
            domain.append((doc_type.grade_field, "=", self.vendor_grade))
        return domain

    # ------------------------------------------------------------------
    # Evaluation, used by tier validation instead of the domain
    # ------------------------------------------------------------------

    def _dist_matches(self, document):
        """Does this line apply to `document`? The band is checked first: it
        rules out nearly every line at the cost of one cached read."""
        self.ensure_one()
        doc_type = self.document_type_id
        if doc_type.scope_domain and not doc_type._dist_in_scope(document):
            return False
        amount = sum(document.mapped(doc_type.amount_field))
        if amount < self.amount_min or (
            not self.open_ended and amount >= self.amount_max
        ):
            return False
        if self.warehouse_id and self.warehouse_id not in document.mapped(
            doc_type.warehouse_field or "id"
        ):
            return False
        if self.product_category_id:
            paths = (
                document.mapped(doc_type.category_field).mapped("parent_path")
                if doc_type.category_field
                else []
            )
            if not any(f"/{self.product_category_id.id}/" in f"/{p}" for p in paths):
                return False
        if self.vendor_grade and self.vendor_grade not in document.mapped(
            doc_type.grade_field or "id"
        ):
            return False
        # sudo: whether the document has an open exception decides a tier,
        # whoever asks for the validation
        exceptions = self.env["dist.exception"].sudo()
        if self.exception_type_id and not exceptions.search_count(
            [
                ("type_id", "=", self.exception_type_id.id),
                ("res_model", "=", document._name),
                ("res_id", "=", document.id),
                ("state", "in", ("open", "progress")),
            ],
            limit=1,
        ):
            return False
        return True

    def _dist_condition_label(self):
        self.ensure_one()
        parts = []
        if self.warehouse_id:
            parts.append(self.warehouse_id.name)
        if self.product_category_id:
            parts.append(self.product_category_id.display_name)
        if self.vendor_grade:
            parts.append(self.env._("vendor grade %s", self.vendor_grade.upper()))
        if self.exception_type_id:
            parts.append(self.env._("with %s", self.exception_type_id.name))
        return ", ".join(parts)

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .review_route import on_review_route, review_route

# Fields a reviewer's decision is made of: only the review route changes them.
_FREE_FIELDS = {"last_reminder_date"}


class TierReview(models.Model):
    _inherit = "tier.review"

    dist_on_behalf_of_id = fields.Many2one(
        comodel_name="res.users",
        string="On behalf of",
        readonly=True,
        help="The reviewer who delegated to the user who decided.",
    )
    dist_pending_since = fields.Datetime(string="Pending since", readonly=True)
    dist_amount = fields.Float(
        string="Amount asked",
        readonly=True,
        help="The document's amount (company currency) when the validation "
        "was asked: confirming a document that grew since is refused.",
    )
    dist_escalated_date = fields.Datetime(string="Escalated on", readonly=True)
    dist_extra_reviewer_ids = fields.Many2many(
        comodel_name="res.users",
        relation="dist_tier_review_extra_reviewer_rel",
        column1="review_id",
        column2="user_id",
        string="Escalated to",
        readonly=True,
    )

    dist_document_type = fields.Char(
        string="Document type",
        compute="_compute_dist_document",
        help="The kind of document reviewed (purchase order, adjustment...).",
    )
    dist_document = fields.Char(
        string="Document",
        compute="_compute_dist_document",
        help="The document reviewed, by its name, also for readers who may "
        "see the review but not open the document.",
    )

    @api.depends("model", "res_id")
    def _compute_dist_document(self):
        by_model = {}
        for review in self:
            if review.model in self.env:
                by_model.setdefault(review.model, set()).add(review.res_id)
        names = {}
        for model, ids in by_model.items():
            # sudo: the name only, of documents whose reviews the reader
            # may already read (this compute runs on the reviews the record
            # rules let them see)
            for document in self.env[model].sudo().browse(ids).exists():
                names[model, document.id] = document.display_name
        for review in self:
            if review.model not in self.env:
                review.dist_document_type = review.model or False
                review.dist_document = False
                continue
            kind = self.env[review.model]._description
            review.dist_document_type = kind
            review.dist_document = names.get(
                (review.model, review.res_id)
            ) or self.env._("%(kind)s (deleted)", kind=kind)

    @api.model
    def _get_reviewer_fields(self):
        # who may review also follows the companies the reviewers work in
        return [
            *super()._get_reviewer_fields(),
            "dist_extra_reviewer_ids",
            "reviewer_id.company_ids",
            "reviewer_group_id.users.company_ids",
        ]

    def _get_reviewers(self):
        """Who reviews: the definition's reviewers and those it was
        escalated to, with the delegates of either, all of them allowed in
        the document's company: a role spans companies, a review does not."""
        company = self._dist_document_company()
        direct = self._dist_in_company(
            super()._get_reviewers() | self.dist_extra_reviewer_ids, company
        )
        if self.env.context.get("dist_direct_reviewers"):
            return direct
        delegations = self.env["dist.approval.delegation"]._active_delegations(
            direct, company=company or None
        )
        return direct | self._dist_in_company(delegations.delegate_id, company)

    def _dist_document_company(self):
        """The company of the document under review (else the definition's):
        only its users review the document."""
        self.ensure_one()
        if self.model in self.env and self.res_id:
            # sudo: which company the document is in decides who may review
            # it, whoever asks (the compute runs for every reviewer)
            document = self.env[self.model].sudo().browse(self.res_id).exists()
            field = document._fields.get(document._tier_validation_company_field)
            if document and field and field.comodel_name == "res.company":
                return document[field.name] or self.company_id
        return self.company_id

    @api.model
    def _dist_in_company(self, users, company):
        """`users` allowed in `company` (all of them when there is none)."""
        if not company:
            return users
        return users.filtered(lambda u: company in u.company_ids)

    def _dist_direct_reviewers(self):
        """Reviewers in their own right: without their delegates."""
        return self.with_context(dist_direct_reviewers=True)._get_reviewers()

    def _dist_recompute_reviewers(self):
        """Reviewers follow delegations and escalations that change after the
        review was requested."""
        self.modified(["dist_extra_reviewer_ids"])
        self.flush_recordset()

    @api.depends("definition_id.approve_sequence")
    def _compute_can_review(self):
        # OCA's compute moves reviews from waiting to pending by writing status
        return super(TierReview, review_route(self))._compute_can_review()

    @api.model_create_multi
    def create(self, vals_list):
        self._dist_check_review_route(changes_nothing=not vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - _FREE_FIELDS:
            self._dist_check_review_route(changes_nothing=not self)
        if "status" in vals:
            old_status = {review.id: review.status for review in self}
        if vals.get("status") == "pending" and "dist_pending_since" not in vals:
            waiting = self.filtered(lambda r: not r.dist_pending_since)
            if waiting:
                review_route(waiting).write(
                    {"dist_pending_since": fields.Datetime.now()}
                )
        res = super().write(vals)
        if vals.get("status") in ("approved", "rejected"):
            self._dist_record_delegation()
        if vals.get("status") == "approved":
            self._dist_check_segregation()
        if "status" in vals:
            self._dist_log_status(old_status)
        return res

    def unlink(self):
        self._dist_check_review_route(changes_nothing=not self)
        for review in self.filtered(lambda r: r.status != "waiting"):
            document = self.env[review.model].browse(review.res_id).exists()
            self.env["dist.audit.entry"]._log(
                document or review,
                "review_other",
                old=review.status,
                new=self.env._("deleted (validation restarted or cancelled)"),
                field_name=f"tier {review.sequence}: {review.name or ''}",
                company_id=review.company_id.id,
            )
        return super().unlink()

    def _dist_check_review_route(self, changes_nothing=False):
        if changes_nothing or on_review_route(self.env):
            return
        raise AccessError(
            self.env._(
                "Tier reviews change only through the Validate and Reject "
                "buttons of their document, used by one of its reviewers. "
                "%(user)s tried to change them another way.",
                user=self.env.user.name,
            )
        )

    def _dist_requesters(self):
        """Users who asked for this review: who requested it and who created
        the document."""
        self.ensure_one()
        document = self.env[self.model].browse(self.res_id).exists()
        # sudo: reads who created the document, whatever the reader may see
        return self.requested_by | document.sudo().create_uid

    def _dist_record_delegation(self):
        """A decision by a delegate names the reviewer it stands in for."""
        for review in self.filtered("done_by"):
            if review.done_by in review._dist_direct_reviewers():
                continue
            delegation = (
                self.env["dist.approval.delegation"]
                ._active_delegations(
                    review._dist_direct_reviewers(), company=review.company_id or None
                )
                .filtered(lambda d, u=review.done_by: d.delegate_id == u)[:1]
            )
            if delegation:
                review_route(review).write(
                    {"dist_on_behalf_of_id": delegation.delegator_id.id}
                )

    def _dist_check_segregation(self):
        """An approval never comes from a requester, nor from someone who
        already approved another tier of the same document (in person or
        through a delegate)."""
        for review in self:
            approver = review.done_by
            if not approver:
                continue
            if approver not in review._get_reviewers():
                raise ValidationError(
                    self.env._(
                        "%(user)s is not (or no longer) a reviewer of tier "
                        "%(tier)s of %(document)s.",
                        user=approver.name,
                        tier=review.sequence,
                        document=review._dist_document_name(),
                    )
                )
            identities = approver | review.dist_on_behalf_of_id
            if identities & review._dist_requesters():
                raise ValidationError(
                    self.env._(
                        "%(user)s asked for the validation of %(document)s and "
                        "cannot approve it (tier %(tier)s): another reviewer "
                        "must.",
                        user=approver.name,
                        document=review._dist_document_name(),
                        tier=review.sequence,
                    )
                )
            # sudo: only whether this approver already approved another tier
            others = self.sudo().search(
                [
                    ("model", "=", review.model),
                    ("res_id", "=", review.res_id),
                    ("status", "=", "approved"),
                    "|",
                    ("done_by", "in", identities.ids),
                    ("dist_on_behalf_of_id", "in", identities.ids),
                    ("id", "!=", review.id),
                ],
                limit=1,
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(user)s already approved tier %(done)s of %(document)s "
                        "and cannot approve tier %(tier)s too: each tier needs "
                        "its own approver.",
                        user=approver.name,
                        done=others.sequence,
                        document=review._dist_document_name(),
                        tier=review.sequence,
                    )
                )

    def _dist_document_name(self):
        document = self.env[self.model].browse(self.res_id).exists()
        # sudo: the name only, for a message to a reviewer of this document
        return document.sudo().display_name or f"{self.model},{self.res_id}"

    def _dist_log_status(self, old_status):
        events = {"approved": "review_approved", "rejected": "review_rejected"}
        labels = dict(self._fields["status"]._description_selection(self.env))
        for review in self:
            old = old_status.get(review.id)
            if old == review.status or {old, review.status} <= {"waiting", "pending"}:
                continue
            document = self.env[review.model].browse(review.res_id).exists()
            self.env["dist.audit.entry"]._log(
                document or review,
                events.get(review.status, "review_other"),
                old=labels.get(old, old),
                new=labels.get(review.status, review.status),
                field_name=f"tier {review.sequence}: {review.name or ''}",
                on_behalf_of_id=review.dist_on_behalf_of_id.id,
                company_id=review.company_id.id
                or ("company_id" in document._fields and document.company_id.id),
            )

    # ------------------------------------------------------------------
    # Approval SLA
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate_overdue(self):
        """Pending reviews older than their matrix line's SLA go, once, to
        the line's escalation user or else to the next tier's approvers.

        Safe when two workers run it at once: a review is escalated by the
        UPDATE that stamps it, and only by that one."""
        now = fields.Datetime.now()
        # reviews asked under a definition since archived (its matrix line
        # changed) still escalate
        candidates = (
            self.with_context(active_test=False)
            .search(
                [
                    ("status", "=", "pending"),
                    ("dist_escalated_date", "=", False),
                    ("definition_id.dist_matrix_line_id.sla_hours", ">", 0),
                ]
            )
            .filtered(
                lambda r: (
                    r.dist_pending_since
                    and (now - r.dist_pending_since).total_seconds() / 3600
                    > r.definition_id.dist_matrix_line_id.sla_hours
                )
            )
        )
        if not candidates:
            return
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE tier_review SET dist_escalated_date = %s "
                "WHERE id IN %s AND dist_escalated_date IS NULL RETURNING id",
                now,
                tuple(candidates.ids),
            )
        )
        escalated = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_model(["dist_escalated_date"])
        for review in escalated:
            review._dist_escalate()

    def _dist_escalate(self):
        self.ensure_one()
        line = self.definition_id.dist_matrix_line_id
        document = self.env[self.model].browse(self.res_id).exists()
        # the line's escalation user, else the next approver up the line:
        # whom the reviewers report to; only users of the review's company
        # (one who left it could not open the document)
        company = self.company_id

        def in_company(users):
            return users.filtered(lambda u: not company or company in u.company_ids)

        targets = in_company(line.escalation_user_id) or in_company(
            self._dist_direct_reviewers().dist_manager_id
        )
        # never someone the one-tier or requester rules would then block,
        # nor anyone outside the document's company
        others = document.review_ids - self if document else self.browse()
        targets -= self._dist_requesters() | others.reviewer_ids
        targets = self._dist_in_company(targets, self._dist_document_company())
        if targets:
            review_route(self).write(
                {"dist_extra_reviewer_ids": [Command.link(u.id) for u in targets]}
            )
            self._dist_recompute_reviewers()
        document = self.env[self.model].browse(self.res_id).exists()
        note = self.env._(
            "Review %(review)s waited more than %(hours)s hours: escalated to "
            "%(users)s.",
            review=self.name,
            hours=line.sla_hours,
            users=", ".join(targets.mapped("name"))
            or self.env._("nobody (none found)"),
        )
        if document and hasattr(document, "message_post"):
            document.message_post(body=note, message_type="notification")
            if hasattr(document, "activity_schedule"):
                for user in targets:
                    document.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=self.env._("Approval overdue: %s", self.name),
                        user_id=user.id,
                    )
        self.env["dist.audit.entry"]._log(
            document or self,
            "escalated",
            new=note,
            company_id=self.company_id.id,
        )

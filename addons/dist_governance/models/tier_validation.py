from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from .review_route import on_review_route, on_state_route, review_route

# context keys OCA honours to bypass its checks: server code only
_BYPASS_KEYS = ("skip_validation_check", "skip_check_state_condition")


class TierValidation(models.AbstractModel):
    """Segregation of duties on every document under tier validation.

    OCA's flows run unchanged inside the review route (see review_route.py);
    around them the suite adds the two rules a reviewer can rely on: nobody
    approves a document they asked for, nobody approves two of its tiers.
    """

    _inherit = "tier.validation"

    # The document's lifecycle: {status: the statuses it may move to}, and
    # the statuses it may be created in. A document that declares them has
    # its status moved by its own methods only (on the state route, see
    # review_route.py), along these arrows; None leaves it to OCA's checks.
    _dist_state_transitions = None
    _dist_create_states = None
    # arrows that approve nothing and that the document's users may also
    # take by a plain write, e.g. {("draft", "sent")}
    _dist_free_transitions = frozenset()

    dist_requester_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Requester's manager",
        compute="_compute_dist_requester_manager_id",
        help="Who the requester reports to: the approver of matrix tiers "
        "routed to the requester's manager.",
    )

    @api.depends("create_uid")
    def _compute_dist_requester_manager_id(self):
        for document in self:
            # sudo: the reporting line of whoever created the document, to
            # route a review (not of whoever happened to press the button)
            document.dist_requester_manager_id = (
                document.sudo().create_uid.dist_manager_id
            )

    def _dist_document_type(self):
        """The registered document type covering this document: several
        types may share a model when their scopes differ (vendor bills and
        customer invoices are both journal entries)."""
        # sudo: the registry is configuration, read for any document
        doc_types = (
            self.env["dist.approval.document.type"]
            .sudo()
            .search([("model", "=", self._name)])
        )
        for doc_type in doc_types:
            if not self or doc_type._dist_in_scope(self[:1]):
                return doc_type
        return doc_types.browse()

    def _dist_amount(self):
        """The amount the matrix reads on this document, None when its type
        is not registered."""
        self.ensure_one()
        doc_type = self._dist_document_type()
        if not doc_type:
            return None
        return sum(self.sudo().mapped(doc_type.amount_field))

    def _prepare_tier_review_vals(self, definition, sequence):
        vals = super()._prepare_tier_review_vals(definition, sequence)
        vals["dist_amount"] = self._dist_amount()
        return vals

    @api.private
    def evaluate_tier(self, tier):
        # matrix tiers: the line decides, without parsing a domain per tier
        if tier.dist_matrix_line_id:
            return self.filtered(tier.dist_matrix_line_id._dist_matches)
        return super().evaluate_tier(tier)

    def _dist_requesters(self):
        self.ensure_one()
        # sudo: who created the document and asked for its reviews, for the
        # segregation check only
        document = self.sudo()
        return document.create_uid | document.review_ids.requested_by

    def _dist_approved_by(self, user):
        """Reviews of this document approved by `user`, in person or
        through a delegate."""
        return self.review_ids.filtered(
            lambda r: (
                r.status == "approved" and user in (r.done_by | r.dist_on_behalf_of_id)
            )
        )

    def _dist_reviews_to_approve(self, reviews):
        """The one review the current user may approve among `reviews`: the
        first open one they review whose turn has come; none when they asked
        for the validation or approved a tier already."""
        self.ensure_one()
        user = self.env.user
        if not reviews or user in self._dist_requesters():
            return reviews.browse()
        if self._dist_approved_by(user):
            return reviews.browse()
        # delegations may have started or ended since the review was asked
        self.review_ids.filtered(
            lambda r: r.status in ("waiting", "pending")
        )._dist_recompute_reviewers()
        turn = self._get_sequences_to_approve(user)
        mine = reviews.filtered(
            lambda r: (
                r.status in ("waiting", "pending")
                and user in r.reviewer_ids
                and r.sequence in turn
            )
        )
        return mine.sorted("sequence")[:1]

    def _dist_reviews_to_reject(self, reviews):
        """The open reviews among `reviews` the current user may reject:
        theirs, whose turn has come."""
        self.ensure_one()
        user = self.env.user
        # delegations may have started or ended since the review was asked
        self.review_ids.filtered(
            lambda r: r.status in ("waiting", "pending")
        )._dist_recompute_reviewers()
        turn = self._get_sequences_to_approve(user)
        return reviews.filtered(
            lambda r: (
                r.status in ("waiting", "pending")
                and user in r.reviewer_ids
                and r.sequence in turn
            )
        )

    def _dist_as_deciding_reviewer(self):
        """This document, to record the decision of the current user once
        the suite has established they review it now (their review, their
        turn): with the rights the decision takes beyond reading it. Anyone
        the approval matrix names as approver may read the documents waiting
        for them, not necessarily write them, and OCA's decision subscribes
        the next reviewers to the document, which takes write access. The
        user stays the environment's user: the decision, its audit entry and
        its messages are theirs."""
        self.ensure_one()
        # a reviewer decides only what they may open
        self.check_access("read")
        # sudo: called only with the user's own open review in its turn
        # (checked by the caller); the write rights serve the decision's
        # bookkeeping (reviews, followers, messages), not a change of the
        # document, which the review route and OCA's checks still guard
        return self.sudo()

    def _dist_check_can_approve(self):
        """Explain, before OCA's button does nothing, why this user may not
        approve."""
        self.ensure_one()
        # the sudo reads below must not stand in for the user's own access
        self.check_access("read")
        user = self.env.user
        if user in self._dist_requesters():
            raise UserError(
                self.env._(
                    "You asked for the validation of %(document)s: another "
                    "reviewer must approve it.",
                    document=self.display_name,
                )
            )
        done = self._dist_approved_by(user)
        if done:
            raise UserError(
                self.env._(
                    "You already approved tier %(tier)s of %(document)s: the "
                    "next tier needs another approver.",
                    tier=done[:1].sequence,
                    document=self.display_name,
                )
            )

    def validate_tier(self):
        self._dist_check_can_approve()
        self._dist_check_reviewer(self.env._("approve"))
        return super(TierValidation, review_route(self)).validate_tier()

    def reject_tier(self):
        self.check_access("read")
        self._dist_check_reviewer(self.env._("reject"))
        return super(TierValidation, review_route(self)).reject_tier()

    def _dist_check_reviewer(self, verb):
        """The buttons decide the caller's own open reviews: someone who
        reviews none of this document's is refused before the documents'
        own hooks (carrying out, applying) run with the system's rights."""
        if self.env.su:
            return
        user = self.env.user
        for document in self:
            # sudo: the document's open reviews and who reviews them, for
            # this check only
            reviews = document.sudo().review_ids.filtered(
                lambda r: r.status in ("waiting", "pending")
            )
            # delegations may have started or ended since the review was asked
            reviews._dist_recompute_reviewers()
            if user not in reviews.reviewer_ids:
                raise AccessError(
                    self.env._(
                        "%(user)s cannot %(verb)s %(document)s: it takes one of "
                        "its approvers, and no open review of it is theirs.",
                        user=user.name,
                        verb=verb,
                        document=document.display_name,
                    )
                )

    def _validate_tier(self, tiers=False):
        self.ensure_one()
        # also reached from OCA's shortcut that approves while confirming:
        # the requester's own reviews are never approved that way. An empty
        # `tiers` means nothing to approve (OCA would take every review).
        reviews = self._dist_reviews_to_approve(
            self.review_ids if tiers is False or tiers is None else tiers
        )
        if not reviews:
            return None
        return super(
            TierValidation, review_route(self._dist_as_deciding_reviewer())
        )._validate_tier(reviews)

    def _rejected_tier(self, tiers=False):
        self.ensure_one()
        reviews = self._dist_reviews_to_reject(
            self.review_ids if tiers is False or tiers is None else tiers
        )
        if not reviews:
            return None
        return super(
            TierValidation, review_route(self._dist_as_deciding_reviewer())
        )._rejected_tier(reviews)

    def request_validation(self):
        # who may change the document asks for its approval; the reviews and
        # the reviewers' notifications are then written on the review route
        self.check_access("write")
        reviews = super(TierValidation, review_route(self)).request_validation()
        # the documents have reviews now: they no longer need a request
        self.invalidate_recordset(["need_validation"])
        self._dist_check_decidable(reviews)
        return reviews

    def _dist_check_decidable(self, reviews):
        """Each review asked has a reviewer who can open the document, else
        it would wait forever: the request is refused, saying why. The
        matrix checks its users and roles when a line is saved; the
        requester's manager is known only now."""
        for review in reviews:
            document = self.browse(review.res_id)
            if not any(document._dist_readable_by(u) for u in review.reviewer_ids):
                raise ValidationError(document._dist_undecidable_message(review))

    def _dist_readable_by(self, user):
        """May `user` open this document, working in all their companies?"""
        # sudo: the companies a reviewer works in, whoever asks
        companies = user.sudo().company_ids
        return (
            self.with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            .has_access("read")
        )

    def _dist_undecidable_message(self, review):
        self.ensure_one()
        # sudo: who asked, for the message (the reporting line is theirs)
        requester = self.sudo().create_uid
        company = self._get_company()
        if review.reviewer_field_id.name == "dist_requester_manager_id":
            manager = self.dist_requester_manager_id
            if not manager:
                return self.env._(
                    "%(document)s goes to the requester's manager for approval "
                    "(tier %(tier)s), and %(requester)s has no manager set: ask "
                    "an administrator to set it in their user settings, then "
                    "request the validation again.",
                    document=self.display_name,
                    tier=review.sequence,
                    requester=requester.name,
                )
            return self.env._(
                "%(document)s goes to %(requester)s's manager, %(manager)s, for "
                "approval (tier %(tier)s), but %(manager)s cannot open it in "
                "%(company)s: ask an administrator to give them access or to set "
                "another manager, then request the validation again.",
                document=self.display_name,
                requester=requester.name,
                manager=manager.name,
                tier=review.sequence,
                company=company.name,
            )
        # sudo: the line's approver, named in the message to whoever asked
        line = review.sudo().definition_id.dist_matrix_line_id
        return self.env._(
            "Nobody can approve tier %(tier)s of %(document)s (%(approver)s): "
            "none of its approvers can open it in %(company)s. Ask a governance "
            "controller to correct the approval matrix.",
            tier=review.sequence,
            document=self.display_name,
            approver=line.approver_label or review.definition_id.name,
            company=company.name,
        )

    def restart_validation(self):
        self._dist_check_can_restart()
        # sudo: the caller was just found to be the requester, a reviewer or
        # a controller; a reviewer may only read the document, and OCA
        # subscribes the reviewers it tells of the restart (a write right)
        return super(TierValidation, review_route(self).sudo()).restart_validation()

    def _dist_check_can_restart(self):
        """Restarting wipes the reviews: only who asked for them, who
        reviews them, or a governance controller may."""
        if self.env.su:
            return
        # reviewers may only read what they review (approvers of the matrix
        # from another area, executives): reading it is what they must hold
        self.check_access("read")
        user = self.env.user
        if user.has_group("dist_governance.group_governance_controller"):
            return
        for document in self:
            # sudo: who is involved in the document's reviews
            reviews = document.sudo().review_ids
            if not reviews:
                # nothing to restart: who may change the document may ask
                document.check_access("write")
                continue
            involved = (
                document._dist_requesters() | reviews.reviewer_ids | reviews.done_by
            )
            if user not in involved:
                raise AccessError(
                    self.env._(
                        "%(user)s is neither the requester nor a reviewer of "
                        "%(document)s and cannot restart its validation.",
                        user=user.name,
                        document=document.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._dist_check_created_state()
        return documents

    def _dist_check_created_state(self):
        """A governed document starts at the start of its lifecycle: whoever
        creates it (values or a default in the context) does not pick a
        later status."""
        allowed = self._dist_create_states
        if allowed is None or self.env.su:
            return
        field = self._state_field
        for document in self:
            if document[field] not in allowed:
                raise AccessError(
                    self.env._(
                        "%(document)s cannot be created as %(state)s: it starts "
                        "as %(start)s and moves on through its own buttons.",
                        document=document.display_name,
                        state=document._dist_state_label(document[field]),
                        start=document._dist_state_label(allowed[0]),
                    )
                )

    def _dist_state_label(self, state):
        selection = self._fields[self._state_field]._description_selection(self.env)
        return dict(selection).get(state, state)

    def _dist_check_state_change(self, vals):
        """The status moves only through the document's own methods (the
        state route, which RPC cannot reach) and along its lifecycle."""
        transitions = self._dist_state_transitions
        field = self._state_field
        if transitions is None or field not in vals or self.env.su:
            return
        new = vals[field]
        moving = self.filtered(
            lambda d: (
                d[field] != new and (d[field], new) not in self._dist_free_transitions
            )
        )
        if not moving:
            return
        if not on_state_route(self.env):
            raise AccessError(
                self.env._(
                    "The status of %(document)s changes only through its "
                    "buttons, which check its approval: %(user)s tried to set "
                    "it to %(state)s directly.",
                    document=moving[:1].display_name,
                    user=self.env.user.name,
                    state=self._dist_state_label(new),
                )
            )
        for document in moving:
            old = document[field]
            if new not in transitions.get(old, ()):
                raise UserError(
                    self.env._(
                        "%(document)s is %(old)s: it cannot go to %(new)s.",
                        document=document.display_name,
                        old=document._dist_state_label(old),
                        new=document._dist_state_label(new),
                    )
                )

    def write(self, vals):
        self._dist_check_state_change(vals)
        if (
            not self.env.su
            and not on_review_route(self.env)
            and any(self.env.context.get(key) for key in _BYPASS_KEYS)
        ):
            # OCA's bypass keys would let a request edit a document under
            # validation: they count only when server code sets them
            self = self.with_context(**dict.fromkeys(_BYPASS_KEYS, False))
        return super().write(vals)

    def _tier_validation_check_state_on_write(self, vals):
        # OCA's need_validation is computed without dependencies: a value
        # read before the reviews were created would survive in the cache
        # for the rest of the transaction (a batch of approvals, a
        # scheduled action) and ask for a second validation
        self.invalidate_recordset(["need_validation"])
        for document in self:
            if not document._check_state_conditions(vals):
                continue
            # OCA would ask for the validation here and approve the reviews
            # the user may approve, then list the pending ones: in the suite
            # nobody approves a validation they asked for, so the step stops
            # whatever happens. Say why, and who approves, before it does.
            if document.need_validation:
                raise ValidationError(document._dist_needs_approval_message())
            if document.review_ids and document.validation_status != "validated":
                raise ValidationError(document._dist_approval_open_message())
        res = super()._tier_validation_check_state_on_write(vals)
        for document in self:
            if document.review_ids and document._check_state_conditions(vals):
                document._dist_check_amount_unchanged()
        return res

    def _dist_needs_approval_intro(self):
        """The start of the messages that stop a step waiting for approval;
        documents say which step (confirming an order, ...)."""
        self.ensure_one()
        return self.env._(
            "%(document)s needs approval before it can go ahead",
            document=self.display_name,
        )

    def _dist_needs_approval_message(self):
        """Why the step stops when no validation was asked yet: the tiers a
        request would create now and who approves each."""
        self.ensure_one()
        return self.env._(
            "%(intro)s: %(tiers)s. Press Request Validation: the approvers are "
            "asked tier by tier, and once all have approved it can go ahead.",
            intro=self._dist_needs_approval_intro(),
            tiers=self._dist_tiers_label(self._dist_planned_reviews()),
        )

    def _dist_approval_open_message(self):
        """Why the step stops while the validation asked is not through: who
        rejected it, or the tiers still to approve and who approves them."""
        self.ensure_one()
        rejected = self.review_ids.filtered(lambda r: r.status == "rejected")[:1]
        if rejected:
            # outside the call: babel (make i18n) cannot read an f-string
            # among the arguments of _() and would skip the whole file's terms
            comment = f" ({rejected.comment})" if rejected.comment else ""
            return self.env._(
                "%(document)s was rejected at tier %(tier)s by %(user)s%(comment)s. "
                "Change it if need be and restart its validation.",
                document=self.display_name,
                tier=rejected.sequence,
                user=rejected.done_by.name,
                comment=comment,
            )
        return self.env._(
            "%(intro)s: it waits for %(tiers)s.",
            intro=self._dist_needs_approval_intro(),
            tiers=self._dist_tiers_label(
                self.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
            ),
        )

    def _dist_planned_reviews(self):
        """The reviews a validation request would create now, unsaved."""
        self.ensure_one()
        definitions = self.env["tier.definition"].search(
            [
                ("model", "=", self._name),
                ("company_id", "in", [False] + self._get_company().ids),
            ],
            order="sequence desc",
        )
        Review = self.env["tier.review"]
        planned = Review
        for definition in definitions.filtered(self.evaluate_tier):
            planned |= Review.new(
                self._prepare_tier_review_vals(definition, len(planned) + 1)
            )
        return planned

    def _dist_tiers_label(self, reviews, shown=5):
        """ "tier 1 Purchasing manager (Ann, Bo); tier 2 Executive (Cy)"."""
        parts = []
        for review in reviews.sorted("sequence"):
            # sudo: the line and the names of the reviewers, for the message
            line = review.sudo().definition_id.dist_matrix_line_id
            names = review.sudo().reviewer_ids.mapped("name")
            if len(names) > shown:
                names = names[:shown] + [
                    self.env._("%(count)s more", count=len(names) - shown)
                ]
            parts.append(
                self.env._(
                    "tier %(tier)s %(approver)s (%(names)s)",
                    tier=review.sequence,
                    approver=line.approver_label or review.definition_id.name,
                    names=", ".join(names) or self.env._("nobody yet"),
                )
            )
        return "; ".join(parts)

    def _dist_check_amount_unchanged(self):
        """An approval covers the amount it was asked for: a document that
        grew since needs a new validation before it goes through."""
        self.ensure_one()
        amount = self._dist_amount()
        asked = [a for a in self.review_ids.mapped("dist_amount") if a]
        if amount is None or not asked:
            return
        company = self._get_company()
        if (
            float_compare(
                amount,
                max(asked),
                precision_rounding=company.currency_id.rounding or 0.01,
            )
            > 0
        ):
            # formatted outside the call: babel (make i18n) cannot read an
            # f-string among the arguments of _()
            asked_label = f"{max(asked):,.2f}"
            amount_label = f"{amount:,.2f}"
            raise ValidationError(
                self.env._(
                    "%(document)s grew from %(asked)s to %(amount)s since its "
                    "validation was asked: restart the validation.",
                    document=self.display_name,
                    asked=asked_label,
                    amount=amount_label,
                )
            )

    def _update_counter(self, review_counter):
        return super(TierValidation, review_route(self))._update_counter(review_counter)

    def _tier_validation_check_write_remove_reviews(self, vals):
        return super(
            TierValidation, review_route(self)
        )._tier_validation_check_write_remove_reviews(vals)

    def unlink(self):
        # who may delete the document: checked before its reviews go on the
        # review route
        self.check_access("unlink")
        # OCA removes the document's reviews with it: only that part runs on
        # the review route
        review_route(self.review_ids).unlink()
        return super().unlink()

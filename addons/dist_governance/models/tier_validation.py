from odoo import api, fields, models
from odoo.exceptions import UserError

from .review_route import review_route


class TierValidation(models.AbstractModel):
    """Segregation of duties on every document under tier validation.

    OCA's flows run unchanged inside the review route (see review_route.py);
    around them the suite adds the two rules a reviewer can rely on: nobody
    approves a document they asked for, nobody approves two of its tiers.
    """

    _inherit = "tier.validation"

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
            # sudo: the requester's reporting line, to route a review
            requester = document.sudo().review_ids.requested_by[:1] or (
                document.sudo().create_uid
            )
            document.dist_requester_manager_id = requester.dist_manager_id

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

    def _dist_reviews_to_approve(self, reviews):
        """The one review the current user may approve among `reviews`:
        none when they asked for the validation or approved a tier already."""
        self.ensure_one()
        user = self.env.user
        if user in self._dist_requesters():
            return reviews.browse()
        if self.review_ids.filtered(
            lambda r: r.status == "approved" and r.done_by == user
        ):
            return reviews.browse()
        mine = reviews.filtered(
            lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
        )
        return mine.sorted("sequence")[:1]

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
        done = self.review_ids.filtered(
            lambda r: r.status == "approved" and r.done_by == user
        )
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
        return super(TierValidation, review_route(self)).validate_tier()

    def reject_tier(self):
        self.check_access("read")
        return super(TierValidation, review_route(self)).reject_tier()

    def _validate_tier(self, tiers=False):
        self.ensure_one()
        # also reached from OCA's shortcut that approves while confirming:
        # the requester's own reviews are never approved that way
        reviews = self._dist_reviews_to_approve(tiers or self.review_ids)
        if not reviews:
            return None
        return super(TierValidation, review_route(self))._validate_tier(reviews)

    def _rejected_tier(self, tiers=False):
        return super(TierValidation, review_route(self))._rejected_tier(tiers)

    def request_validation(self):
        return super(TierValidation, review_route(self)).request_validation()

    def restart_validation(self):
        return super(TierValidation, review_route(self)).restart_validation()

    def _update_counter(self, review_counter):
        return super(TierValidation, review_route(self))._update_counter(review_counter)

    def _tier_validation_check_write_remove_reviews(self, vals):
        return super(
            TierValidation, review_route(self)
        )._tier_validation_check_write_remove_reviews(vals)

    def unlink(self):
        # OCA removes the document's reviews with it
        return super(TierValidation, review_route(self)).unlink()

from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError

from .review_route import on_review_route, review_route

# Fields a reviewer's decision is made of: only the review route changes them.
_FREE_FIELDS = {"last_reminder_date"}


class TierReview(models.Model):
    _inherit = "tier.review"

    @api.depends("definition_id.approve_sequence")
    def _compute_can_review(self):
        # OCA's compute moves reviews from waiting to pending by writing status
        return super(TierReview, review_route(self))._compute_can_review()

    @api.model_create_multi
    def create(self, vals_list):
        self._dist_check_review_route()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - _FREE_FIELDS:
            self._dist_check_review_route()
        if "status" in vals:
            old_status = {review.id: review.status for review in self}
        res = super().write(vals)
        if vals.get("status") == "approved":
            self._dist_check_segregation()
        if "status" in vals:
            self._dist_log_status(old_status)
        return res

    def unlink(self):
        self._dist_check_review_route()
        return super().unlink()

    def _dist_check_review_route(self):
        if on_review_route(self.env):
            return
        raise AccessError(
            _(
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

    def _dist_check_segregation(self):
        """An approval never comes from a requester, nor from someone who
        already approved another tier of the same document."""
        for review in self:
            approver = review.done_by
            if not approver:
                continue
            if approver in review._dist_requesters():
                raise ValidationError(
                    _(
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
                    ("done_by", "=", approver.id),
                    ("id", "!=", review.id),
                ],
                limit=1,
            )
            if others:
                raise ValidationError(
                    _(
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
                company_id=review.company_id.id
                or ("company_id" in document._fields and document.company_id.id),
            )

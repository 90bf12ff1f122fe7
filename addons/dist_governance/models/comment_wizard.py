from odoo import models
from odoo.exceptions import AccessError, UserError

from .review_route import review_route


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        self.ensure_one()
        user = self.env.user
        if self.validate_reject not in ("validate", "reject"):
            raise UserError(self.env._("A comment goes with a decision."))
        stray = self.review_ids.filtered(
            lambda r: (
                r.model != self.res_model
                or r.res_id != self.res_id
                or r.status not in ("waiting", "pending")
            )
        )
        if stray or not self.review_ids:
            raise UserError(
                self.env._(
                    "Comment only on the open reviews of the document you decide."
                )
            )
        foreign = self.review_ids.filtered(lambda r: user not in r.reviewer_ids)
        if foreign:
            raise AccessError(
                self.env._(
                    "%(user)s is no reviewer of %(reviews)s and cannot comment on it.",
                    user=user.name,
                    reviews=", ".join(foreign.mapped("name")),
                )
            )
        if self.validate_reject == "validate":
            self.env[self.res_model].browse(self.res_id)._dist_check_can_approve()
        return super(CommentWizard, review_route(self)).add_comment()

"""Two small governed documents built on dist.approval.request.mixin, loaded
only by test_approval_request_mixin.py (odoo_test_helper.FakeModelLoader):
one configured as case resolutions and adjustment requests are (made
waiting, carried out by the last approval), one as policy overrides are (a
lifecycle, put in force by a button, frozen once in force)."""

from odoo import fields, models
from odoo.exceptions import UserError


class DistTestApprovalRequest(models.Model):
    _name = "dist.test.approval.request"
    _inherit = ["dist.approval.request.mixin"]
    _description = "Test request carried out by its last approval"
    _state_to = ["done"]
    _dist_frozen_fields = ("amount", "note", "executed")
    _dist_cancel_groups = ("dist_governance.group_governance_controller",)
    _dist_requester_cancels = True

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    amount = fields.Float()
    note = fields.Char()
    comment = fields.Char()
    executed = fields.Integer(readonly=True)
    rejected_noted = fields.Boolean(readonly=True)
    state = fields.Selection(
        selection=[
            ("draft", "Waiting for approval"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )

    def _dist_request_execute(self):
        for request in self:
            # sudo: as the mixin moves the status
            request.sudo().write({"state": "done", "executed": request.executed + 1})

    def _dist_request_rejected(self):
        # sudo: as the mixin moves the status
        self.sudo().write({"rejected_noted": True})


class DistTestApprovalLifecycle(models.Model):
    _name = "dist.test.approval.lifecycle"
    _inherit = ["dist.approval.request.mixin"]
    _description = "Test request with a lifecycle, put in force by a button"
    _state_to = ["approved"]
    _dist_state_transitions = {
        "draft": ("approved", "cancel"),
        "approved": ("cancel",),
        "cancel": ("draft",),
    }
    _dist_freeze_all = True
    _dist_unfrozen_fields = ("comment",)
    _dist_frozen_states = ("approved",)
    _dist_rejected_state = None
    _dist_execute_on_approval = False
    _dist_cancel_states = ("draft", "approved", "cancel")

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    amount = fields.Float()
    note = fields.Char()
    comment = fields.Char()
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
    )

    def action_approve(self):
        for request in self:
            if request.validation_status != "validated":
                raise UserError(
                    self.env._("%(name)s is not validated yet.", name=request.name)
                )
        self._dist_request_execute()

    def _dist_request_execute(self):
        return self._dist_request_set_state("approved")

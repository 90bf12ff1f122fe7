from odoo_test_helper import FakeModelLoader

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestApprovalRequestMixin(DistGovernanceCase):
    """Issue 19: the approval-request lifecycle of dist.approval.request.mixin
    on two small documents (approval_request_models.py), as role users
    calling what RPC reaches: what was asked stays frozen, the last approval
    carries it out, a rejection is recorded, only who may cancels, and
    nobody writes the status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .approval_request_models import (
            DistTestApprovalLifecycle,
            DistTestApprovalRequest,
        )

        cls.loader.update_registry((DistTestApprovalRequest, DistTestApprovalLifecycle))
        cls.requester = cls.role_user("dist_i19_requester")
        cls.first = cls.role_user("dist_i19_first_approver")
        cls.second = cls.role_user("dist_i19_second_approver")
        cls.other = cls.role_user("dist_i19_other")
        internal = cls.env.ref("base.group_user")
        for model in (DistTestApprovalRequest._name, DistTestApprovalLifecycle._name):
            ir_model = cls.env["ir.model"]._get(model)
            # every internal user works them; nobody deletes them
            cls.env["ir.model.access"].create(
                {
                    "name": f"access {model}",
                    "model_id": ir_model.id,
                    "group_id": internal.id,
                    "perm_read": True,
                    "perm_write": True,
                    "perm_create": True,
                    "perm_unlink": False,
                }
            )
            # two tiers above 100: the first approver, then the second
            for sequence, reviewer in ((10, cls.first), (20, cls.second)):
                cls.env["tier.definition"].create(
                    {
                        "name": f"{model} tier {sequence}",
                        "model_id": ir_model.id,
                        "review_type": "individual",
                        "reviewer_id": reviewer.id,
                        "definition_domain": "[('amount', '>', 100)]",
                        "sequence": sequence,
                        "company_id": False,
                    }
                )

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def _request(self, model="dist.test.approval.request", amount=500, ask=True):
        request = self.as_user(self.env[model], self.requester).create(
            {"name": "Pallet of valves", "amount": amount, "note": "as counted"}
        )
        if ask:
            request.request_validation()
            self.assertEqual(len(request.sudo().review_ids), 2)
        return request

    def _reread(self, request):
        self.env.invalidate_all()
        return request.sudo()

    # ------------------------------------------------------------------
    # what was asked stays as asked
    # ------------------------------------------------------------------

    def test_frozen_fields_are_refused_after_the_request(self):
        # made waiting: frozen from the start, before OCA's reviews guard it
        # (OCA's refusal would be a ValidationError, and says nothing of it)
        asked = "keeps what was asked for approval"
        unasked = self._request(ask=False)
        with self.assertRaises(UserError) as refused:
            self.as_user(unasked, self.requester).write({"amount": 50})
        self.assertIn(asked, str(refused.exception))
        request = self._request()
        for user in (self.requester, self.first):
            for field, value in (("amount", 50), ("note", "recounted")):
                with (
                    self.subTest(user=user.login, field=field),
                    self.assertRaises(UserError) as refused,
                ):
                    self.as_user(request, user).write({field: value})
                self.assertIn(asked, str(refused.exception))
        again = self._reread(request)
        self.assertEqual((again.amount, again.note), (500, "as counted"))
        # a field not asked for is OCA's to guard while the reviews are open
        with self.assertRaises(ValidationError):
            self.as_user(request, self.requester).write({"comment": "any news?"})
        # and what was carried out stays as it was asked
        self.as_user(request, self.first).validate_tier()
        self.as_user(request, self.second).validate_tier()
        self.assertEqual(self._reread(request).state, "done")
        with self.assertRaises(UserError) as refused:
            self.as_user(request, self.requester).write({"note": "recounted"})
        self.assertIn(asked, str(refused.exception))
        self.as_user(request, self.requester).write({"comment": "thanks"})
        again = self._reread(request)
        self.assertEqual((again.note, again.comment), ("as counted", "thanks"))

    def test_the_status_is_not_written_directly(self):
        request = self._request()
        for user in (self.requester, self.first, self.controller):
            for state in ("done", "rejected", "cancel"):
                with (
                    self.subTest(user=user.login, state=state),
                    self.assertRaises(UserError),
                ):
                    self.as_user(request, user).write({"state": state})
        self.assertEqual(self._reread(request).state, "draft")
        Request = self.as_user(self.env["dist.test.approval.request"], self.requester)
        # nor created past its first status
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            Request.create({"name": "Done already", "state": "done"})
        with self.assertRaises(AccessError):
            Request.with_context(default_state="done").create({"name": "Done too"})

    # ------------------------------------------------------------------
    # approving and rejecting
    # ------------------------------------------------------------------

    def test_carried_out_on_the_last_approval_only(self):
        request = self._request()
        with self.assertRaises(UserError):
            # nobody approves what they asked for
            self.as_user(request, self.requester).validate_tier()
        self.as_user(request, self.first).validate_tier()
        again = self._reread(request)
        self.assertEqual((again.state, again.executed), ("draft", 0))
        self.as_user(request, self.second).validate_tier()
        again = self._reread(request)
        self.assertEqual(again.validation_status, "validated")
        self.assertEqual((again.state, again.executed), ("done", 1))
        with self.assertRaises(UserError):
            self.as_user(request, self.requester).action_cancel()

    def test_a_rejection_is_recorded_in_the_status(self):
        request = self._request()
        self.as_user(request, self.first).reject_tier()
        again = self._reread(request)
        self.assertEqual(again.state, "rejected")
        self.assertTrue(again.rejected_noted)
        self.assertEqual(again.executed, 0)
        with self.assertRaises(UserError):
            self.as_user(request, self.requester).action_cancel()

    # ------------------------------------------------------------------
    # cancelling
    # ------------------------------------------------------------------

    def test_the_requester_or_the_role_cancels(self):
        request = self._request()
        for user in (self.other, self.first):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(request, user).action_cancel()
        self.assertEqual(self._reread(request).state, "draft")
        self.as_user(request, self.requester).action_cancel()
        again = self._reread(request)
        self.assertEqual(again.state, "cancel")
        # OCA drops the reviews of a cancelled document
        self.assertFalse(again.review_ids)
        theirs = self._request()
        self.as_user(theirs, self.controller).action_cancel()
        self.assertEqual(self._reread(theirs).state, "cancel")

    # ------------------------------------------------------------------
    # a lifecycle, put in force by a button, frozen once in force
    # ------------------------------------------------------------------

    def test_a_lifecycle_document_moves_only_through_its_buttons(self):
        request = self._request("dist.test.approval.lifecycle")
        mine = self.as_user(request, self.requester)
        with self.assertRaises(AccessError):
            mine.write({"state": "approved"})
        self.as_user(request, self.first).validate_tier()
        self.as_user(request, self.second).validate_tier()
        again = self._reread(request)
        # the last approval does not put it in force: its button does
        self.assertEqual((again.validation_status, again.state), ("validated", "draft"))
        mine.action_approve()
        self.assertEqual(self._reread(request).state, "approved")
        # in force: all it holds is frozen but what it leaves free
        for field, value in (("amount", 50), ("note", "recounted"), ("name", "X")):
            with self.subTest(field=field), self.assertRaises(UserError):
                mine.write({field: value})
        mine.write({"comment": "watch the first orders"})
        self.assertEqual(self._reread(request).comment, "watch the first orders")
        # cancelled in force, by whoever may write it; no way back to approved
        self.as_user(request, self.other).action_cancel()
        self.assertEqual(self._reread(request).state, "cancel")
        with self.assertRaises(AccessError):
            mine.write({"state": "approved"})

    def test_a_lifecycle_rejection_leaves_the_status(self):
        request = self._request("dist.test.approval.lifecycle")
        self.as_user(request, self.first).reject_tier()
        again = self._reread(request)
        self.assertEqual((again.validation_status, again.state), ("rejected", "draft"))
        with self.assertRaises(UserError):
            self.as_user(request, self.requester).action_approve()

    def test_a_draft_without_request_is_edited_freely(self):
        request = self._request("dist.test.approval.lifecycle", ask=False)
        self.as_user(request, self.requester).write({"amount": 800, "note": "more"})
        self.assertEqual(self._reread(request).amount, 800)

    # ------------------------------------------------------------------
    # two document types on one model, told apart by their scope
    # ------------------------------------------------------------------

    def test_document_types_share_a_model_by_scope(self):
        model = self.env["ir.model"]._get("dist.test.approval.request")
        Type = self.env["dist.approval.document.type"]
        small = Type.create(
            {
                "code": "dist_i21_small",
                "name": "Small test requests",
                "model_id": model.id,
                "amount_field": "amount",
                "scope_domain": "[('note', '=', 'small')]",
            }
        )
        large = Type.create(
            {
                "code": "dist_i21_large",
                "name": "Large test requests",
                "model_id": model.id,
                "amount_field": "amount",
                "scope_domain": "[('note', '!=', 'small')]",
            }
        )
        controller = self.role_user(
            "dist_i21_controller", "dist_governance.group_governance_controller"
        )
        line = self.as_user(self.env["dist.approval.matrix"], controller).create(
            {
                "company_id": self.env.company.id,
                "document_type_id": large.id,
                "approver_type": "user",
                "approver_user_id": self.first.id,
                "amount_min": 0,
                "open_ended": True,
            }
        )
        Request = self.as_user(self.env["dist.test.approval.request"], self.requester)
        in_small = Request.create({"name": "Washers", "amount": 50, "note": "small"})
        in_large = Request.create({"name": "Pumps", "amount": 50, "note": "big"})
        self.assertEqual(in_small._dist_document_type(), small)
        self.assertEqual(in_large._dist_document_type(), large)
        # the large type's matrix line never applies to a small request
        self.assertFalse(line._dist_matches(in_small.sudo()))
        self.assertTrue(line._dist_matches(in_large.sudo()))
        self.assertIn(
            "('note', '!=', 'small')", line.sudo().tier_definition_id.definition_domain
        )
        with self.assertRaisesRegex(ValidationError, "no valid domain"):
            small.scope_domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "no valid domain"):
            small.scope_domain = "note = small"

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DistGovernanceCase

GUARD = "dist.company.guard.mixin"


def inherits(model, name):
    """Whether the registry class `model` has the model `name` among its
    classes, so that its methods run: by the classes' model names, not by
    class identity (a test that loads fake models, as
    test_approval_request_mixin.py does with odoo_test_helper, rebuilds
    the parents' classes, and `issubclass` against the registry's current
    class of `name` then says no although its methods still run)."""
    return any(getattr(cls, "_name", None) == name for cls in model.__mro__)


class CompanyGuardCoverage:
    """Mixed into each addon's company-move test: every model the addon
    makes that carries a company, and every core document it governs,
    inherits the company guard, so a new model cannot forget it."""

    GUARD_ADDON = None
    # core documents the addon governs (their company is guarded here)
    GUARD_CORE = ()
    # models of the addon left out, each with the reason
    GUARD_EXEMPT = ()

    def assert_company_models_guarded(self):
        made = {
            name
            for name, model in self.registry.items()
            if model._original_module == self.GUARD_ADDON
            and not model._abstract
            and "company_id" in model._fields
        }
        self.assertTrue(made, f"{self.GUARD_ADDON} makes models with a company")
        self.assertFalse(
            set(self.GUARD_EXEMPT) - made, "the exemptions name existing models"
        )
        unguarded = sorted(
            name
            for name in (made - set(self.GUARD_EXEMPT)) | set(self.GUARD_CORE)
            if not inherits(self.registry[name], GUARD)
        )
        self.assertFalse(
            unguarded,
            f"these models carry a company but do not inherit {GUARD}: "
            "add them to the addon's models/dist_company_guard.py",
        )


class CompanyMoveCase(DistGovernanceCase):
    """A second company, and helpers to attempt a move as a user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Moved-to Co"})

    @classmethod
    def user_of_both(cls, login, *groups):
        return cls.role_user(
            login,
            *groups,
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )

    def assert_move_refused(self, record, user, vals=None, companies=None):
        """`user` writes `record` into company B (or `vals`): refused, and
        the record is still in its company, re-read from the database."""
        before = record.sudo().company_id
        self.assertTrue(before)
        vals = vals or {"company_id": self.company_b.id}
        with self.assertRaises(AccessError) as caught:
            self.as_user(record, user, companies).write(vals)
        self.assertIn(self.company_b.name, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(record.sudo().company_id, before, "nothing was written")

    def assert_move_allowed(self, record, user, vals=None):
        vals = vals or {"company_id": self.company_b.id}
        self.as_user(record, user).write(vals)
        self.env.invalidate_all()
        self.assertEqual(record.sudo().company_id, self.company_b)


@tagged("post_install", "-at_install")
class TestSecurityCompanyMove(CompanyGuardCoverage, CompanyMoveCase):
    """An exception or a root cause of company A cannot be written into
    company B by a user of A only; a user of both companies may move it."""

    GUARD_ADDON = "dist_governance"
    GUARD_EXEMPT = (
        # SQL-view reports: no one writes them
        "dist.root.cause.pareto",
        "dist.sod.conflict",
    )

    def test_every_company_model_inherits_the_guard(self):
        self.assert_company_models_guarded()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_both = cls.user_of_both(
            "dist_move_owner_both", "dist_governance.group_process_owner"
        )
        cls.controller_both = cls.user_of_both(
            "dist_move_controller_both", "dist_governance.group_governance_controller"
        )
        cls.env["dist.exception.type"].create(
            {
                "code": "test_move",
                "name": "Test move",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
                "default_severity": "high",
                "resolution_hours": 24,
            }
        )
        cls.source = cls.env["res.partner"].create({"name": "Move source"})

    def _exception(self, user):
        return (
            self.env["dist.exception"]
            .with_user(user)
            .raise_exception("test_move", self.source, "Gap to move")
        )

    def test_exception_of_a_cannot_be_written_into_b(self):
        exception = self._exception(self.owner)
        self.assertEqual(exception.company_id, self.company_a)
        self.assert_move_refused(exception, self.owner)

    def test_exception_other_fields_still_write(self):
        exception = self._exception(self.owner)
        self.as_user(exception, self.owner).write({"description": "Checked"})
        self.assertEqual(exception.sudo().description, "Checked")

    def test_user_of_both_companies_moves_an_exception(self):
        exception = self._exception(self.owner_both)
        self.assert_move_allowed(exception, self.owner_both)

    def test_clearing_the_company_shares_with_every_company(self):
        """No company makes the record every company's: a user of A only
        cannot clear it; a user of every company can."""
        cause = (
            self.env["dist.root.cause"]
            .with_user(self.controller)
            .create(
                {"code": "shared", "name": "Shared", "company_id": self.company_a.id}
            )
        )
        with self.assertRaises(AccessError):
            self.as_user(cause, self.controller).write({"company_id": False})
        self.env.invalidate_all()
        self.assertEqual(cause.sudo().company_id, self.company_a, "nothing was written")
        every = self.env["res.company"].search([])
        self.controller_both.sudo().company_ids = [Command.set(every.ids)]
        self.as_user(cause, self.controller_both, every).write({"company_id": False})
        self.env.invalidate_all()
        self.assertFalse(cause.sudo().company_id)

    def test_user_of_both_must_have_the_new_company_selected(self):
        exception = self._exception(self.owner_both)
        self.assert_move_refused(exception, self.owner_both, companies=self.company_a)

    def test_several_records_are_refused_together(self):
        exceptions = self._exception(self.owner) | self.env["dist.exception"].with_user(
            self.owner
        ).raise_exception(
            "test_move", self.env["res.partner"].create({"name": "Other"}), "Gap"
        )
        self.assert_move_refused(exceptions, self.owner)
        self.assertEqual(exceptions.sudo().company_id, self.company_a)

    def test_root_cause_of_a_cannot_be_written_into_b(self):
        cause = (
            self.env["dist.root.cause"]
            .with_user(self.controller)
            .create(
                {
                    "code": "moved",
                    "name": "Moved",
                    "company_id": self.company_a.id,
                }
            )
        )
        self.assert_move_refused(cause, self.controller)
        self.assert_move_allowed(cause, self.controller_both)

import threading
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import errors

from odoo import Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestExceptionRegister(DistGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Other Co"})
        cls.manager = cls.role_user(
            "dist_exc_manager",
            "dist_governance.group_governance_controller",
        )
        cls.owner_b = cls.role_user(
            "dist_owner_b",
            "dist_governance.group_process_owner",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.exception_type = cls.env["dist.exception.type"].create(
            {
                "code": "test_gap",
                "name": "Test gap",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
                "escalation_group_id": cls.env.ref(
                    "dist_governance.group_governance_controller"
                ).id,
                "default_severity": "high",
                "resolution_hours": 24,
            }
        )
        cls.root_cause = cls.env.ref("dist_governance.root_cause_receiving_backlog")
        cls.source_a = cls.env["res.partner"].create({"name": "Source A"})
        cls.source_b = cls.env["res.partner"].create(
            {"name": "Source B", "company_id": cls.company_b.id}
        )
        cls.Exception = cls.env["dist.exception"]

    def _raise(self, user, source, summary="Gap found", **values):
        return self.Exception.with_user(user).raise_exception(
            "test_gap", source, summary, **values
        )

    def test_raise_takes_defaults_from_its_type(self):
        with freeze_time("2026-03-02 08:00:00"):
            exception = self._raise(self.owner, self.source_a)
        self.assertEqual(exception.state, "open")
        self.assertEqual(exception.severity, "high")
        self.assertEqual(exception.deadline, datetime(2026, 3, 3, 8, 0))
        self.assertEqual(exception.owner_id, self.owner)
        self.assertEqual(exception.company_id, self.company_a)
        self.assertEqual(exception.source_name, "Source A")
        self.assertTrue(exception.name.startswith("EXC/"))
        self.assertEqual(
            exception.activity_ids.user_id,
            self.owner,
            "the owner gets a to-do",
        )

    def test_owners_are_the_role_s_doers_not_its_managers(self):
        self.role_user(
            "dist_owner_and_manager",
            "dist_governance.group_process_owner",
            "dist_governance.group_governance_controller",
        )
        sources = self.env["res.partner"].create(
            [{"name": f"Source {n}"} for n in range(3)]
        )
        owners = {self._raise(self.owner, source).owner_id for source in sources}
        self.assertEqual(owners, {self.owner})

    def test_raising_again_counts_a_recurrence(self):
        first = self._raise(self.owner, self.source_a)
        again = self._raise(self.owner, self.source_a, "Gap found again")
        self.assertEqual(first, again)
        self.assertEqual(again.recurrence_count, 2)
        self.assertEqual(
            self.Exception.search_count(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.source_a.id)]
            ),
            1,
        )
        # once resolved, the next detection opens a new exception
        first.with_user(self.owner).write({"root_cause_id": self.root_cause.id})
        first.with_user(self.owner).action_resolve()
        third = self._raise(self.owner, self.source_a)
        self.assertNotEqual(third, first)
        self.assertEqual(third.recurrence_count, 1)

    def test_a_shared_source_has_one_open_exception_per_company(self):
        """A vendor serves several companies: each company's exception on it
        is its own, not a recurrence of another company's."""
        self.owner.write({"company_ids": [Command.link(self.company_b.id)]})
        in_a = self._raise(self.owner, self.source_a, company_id=self.company_a.id)
        in_b = self._raise(self.owner, self.source_a, company_id=self.company_b.id)
        self.assertNotEqual(in_a, in_b)
        self.assertEqual(
            (in_a.company_id, in_b.company_id), (self.company_a, self.company_b)
        )
        self.assertEqual((in_a.recurrence_count, in_b.recurrence_count), (1, 1))
        again = self._raise(self.owner, self.source_a, company_id=self.company_b.id)
        self.assertEqual(again, in_b)
        self.assertEqual(in_b.recurrence_count, 2)

    def test_a_user_without_a_role_can_raise_from_their_work(self):
        # e.g. a salesperson whose confirmation reveals the problem
        exception = self._raise(self.plain_user, self.source_a)
        self.assertEqual(exception.sudo().create_uid, self.plain_user)
        self.assertEqual(exception.sudo().owner_id, self.owner)
        with self.assertRaises(AccessError):
            exception.with_user(self.plain_user).read(["summary"])

    def test_unknown_type_is_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "No exception type nope"):
            self.Exception.with_user(self.owner).raise_exception(
                "nope", self.source_a, "x"
            )

    def test_resolving_needs_a_root_cause(self):
        exception = self._raise(self.owner, self.source_a).with_user(self.owner)
        exception.action_start()
        with self.assertRaisesRegex(UserError, "Give a root cause"):
            exception.action_resolve()
        self.assertEqual(exception.state, "progress")
        with self.assertRaises(ValidationError):
            exception.write({"state": "resolved"})
        exception.write(
            {
                "root_cause_id": self.root_cause.id,
                "corrective_action": "Second shift on the dock",
            }
        )
        exception.action_resolve()
        self.assertEqual(exception.state, "resolved")
        self.assertTrue(exception.resolved_date)
        self.assertFalse(exception.activity_ids, "the owner's to-do is done")
        with self.assertRaisesRegex(UserError, "Cannot cancel"):
            exception.action_cancel()

    def test_the_pareto_ranks_root_causes_with_their_cumulative_share(self):
        backlog = self.root_cause
        transport = self.env.ref("dist_governance.root_cause_transport")
        sources = self.env["res.partner"].create(
            [{"name": f"Pareto {n}"} for n in range(3)]
        )
        for source, cause in zip(sources, (backlog, backlog, transport), strict=True):
            exception = self._raise(self.owner, source).with_user(self.owner)
            exception.write({"root_cause_id": cause.id})
            exception.action_resolve()
        self.env.flush_all()
        rows = (
            self.env["dist.root.cause.pareto"]
            .with_user(self.owner)
            .search([("period", "=", "30d"), ("type_id", "=", self.exception_type.id)])
        )
        self.assertEqual(
            [(r.rank, r.root_cause_id, r.exception_count) for r in rows],
            [(1, backlog, 2), (2, transport, 1)],
        )
        self.assertEqual(rows.mapped("cumulative_share"), [66.7, 100.0])

    def test_state_changes_are_audited_and_the_trail_is_read_only(self):
        exception = self._raise(self.owner, self.source_a).with_user(self.owner)
        exception.action_start()
        entry = self.env["dist.audit.entry"].search(
            [("res_model", "=", "dist.exception"), ("res_id", "=", exception.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.user_id, entry.old_value, entry.new_value),
            (self.owner, "Open", "In progress"),
        )
        for user in (self.manager, self.owner):
            with self.assertRaises(AccessError):
                entry.with_user(user).write({"new_value": "Resolved"})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["dist.audit.entry"].with_user(user).create(
                    {
                        "event": "escalated",
                        "res_model": "dist.exception",
                        "res_id": exception.id,
                    }
                )
        self.assertEqual(entry.new_value, "In progress")

    def test_overdue_exceptions_escalate_once(self):
        with freeze_time("2026-03-02 08:00:00"):
            exception = self._raise(self.owner, self.source_a)
        with freeze_time("2026-03-03 09:00:00"):
            self.assertTrue(exception.is_overdue)
            self.assertIn(exception, self.Exception.search([("is_overdue", "=", True)]))
            self.Exception._cron_escalate_overdue()
            self.assertTrue(exception.escalated_date)
            managers = exception.activity_ids.filtered(
                lambda a: a.user_id == self.manager
            )
            self.assertEqual(len(managers), 1)
            self.Exception._cron_escalate_overdue()
            managers = exception.activity_ids.filtered(
                lambda a: a.user_id == self.manager
            )
            self.assertEqual(
                len(managers),
                1,
                "a second run escalates nothing again",
            )
        self.assertEqual(
            self.env["dist.audit.entry"].search_count(
                [("res_id", "=", exception.id), ("event", "=", "escalated")]
            ),
            1,
        )

    def test_a_company_sees_nothing_of_another(self):
        mine = self._raise(self.owner, self.source_a)
        theirs = self._raise(self.owner_b, self.source_b)
        self.assertEqual(theirs.company_id, self.company_b)
        self.assertEqual(theirs.owner_id, self.owner_b)
        visible = self.Exception.with_user(self.owner).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.owner).read(["summary"])
        forged = self.Exception.with_user(self.owner).with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        )
        with self.assertRaises(AccessError):
            forged.search([])
        entries = self.env["dist.audit.entry"]
        theirs.with_user(self.owner_b).action_start()
        self.assertFalse(
            entries.with_user(self.manager).search([("res_id", "=", theirs.id)]),
            "company A's controller sees no audit entry of company B",
        )

    def test_an_owner_of_another_company_gives_way_to_the_company_s_owner(self):
        """A raiser names someone who is no user of the exception's company
        (a vendor's buyer is one user for every company): the company's
        default owner takes it, and nobody can hand it to them later."""
        exception = self._raise(self.owner_b, self.source_b, owner_id=self.owner.id)
        self.assertEqual(exception.company_id, self.company_b)
        self.assertEqual(exception.owner_id, self.owner_b)
        self.assertEqual(exception.activity_ids.user_id, self.owner_b)
        self.assertNotIn(self.owner.partner_id, exception.message_partner_ids)
        exception.with_user(self.owner_b).read(["summary"])
        created = self.Exception.create(
            {
                "type_id": self.exception_type.id,
                "res_model": "res.partner",
                "res_id": self.source_a.id,
                "company_id": self.company_b.id,
                "summary": "Recorded by hand",
                "owner_id": self.owner.id,
            }
        )
        self.assertEqual(created.owner_id, self.owner_b)
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "=", self.owner.id)]),
            "no to-do for someone who could not open the exception",
        )
        with self.assertRaisesRegex(UserError, "no user of Other Co"):
            exception.with_user(self.owner_b).write({"owner_id": self.owner.id})
        self.assertEqual(exception.owner_id, self.owner_b)

    def test_raising_for_another_company_record_is_refused(self):
        with self.assertRaises(UserError):
            self._raise(self.owner, self.source_a, company_id=self.company_b.id)
        self.assertFalse(
            self.Exception.sudo().search([("res_id", "=", self.source_a.id)])
        )


@tagged("post_install", "-at_install")
class TestExceptionConcurrency(DistGovernanceCase):
    """Two transactions raising the same exception at once: one exception."""

    def test_concurrent_raise_counts_a_recurrence(self):
        registry = self.env.registry
        # committed data both transactions see: the shipped 'manual' type and
        # a partner created (and removed) outside the test transaction
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.ref("base.user_admin").id, {})
            source_id = env["res.partner"].create({"name": "Concurrent source"}).id
        self.addCleanup(self._cleanup, source_id)

        def raise_it(env):
            partner = env["res.partner"].browse(source_id)
            return env["dist.exception"].raise_exception(
                "manual", partner, "Seen twice at once"
            )

        admin = self.env.ref("base.user_admin").id
        cr1 = registry.cursor()
        cr2 = registry.cursor()
        try:
            env1 = api.Environment(cr1, admin, {})
            env2 = api.Environment(cr2, admin, {})
            # both transactions hold a snapshot before either inserts
            cr1.execute("SELECT 1")
            cr2.execute("SELECT 1")
            raise_it(env1)
            outcome = {}

            def second():
                # what Odoo's RPC and cron layers do on a serialization
                # failure (odoo.service.model.retrying): roll back, replay
                for attempt in range(1, 4):
                    try:
                        outcome["id"] = raise_it(env2).id
                        cr2.commit()
                        outcome["attempts"] = attempt
                        return
                    except errors.SerializationFailure:
                        cr2.rollback()
                        env2.invalidate_all()
                    except Exception as error:  # reported by the assertions
                        outcome["error"] = error
                        return

            thread = threading.Thread(target=second)
            # the failed first attempt is logged by odoo.sql_db as a bad query
            with mute_logger("odoo.sql_db"):
                thread.start()
                thread.join(timeout=1.0)
                waited = thread.is_alive()
                cr1.commit()
                thread.join(timeout=30)
            self.assertTrue(waited, "the second raise waits for the first")
            self.assertFalse(thread.is_alive())
            self.assertNotIn("error", outcome)
            self.assertEqual(
                outcome["attempts"],
                2,
                "the second raise fails once on the unique index, then counts",
            )
        finally:
            cr1.close()
            cr2.close()
        with registry.cursor() as cr:
            cr.execute(
                "SELECT id, recurrence_count, state FROM dist_exception "
                "WHERE res_model = 'res.partner' AND res_id = %s",
                (source_id,),
            )
            rows = cr.fetchall()
        self.assertEqual(len(rows), 1, "one exception, not two")
        self.assertEqual(rows[0][1:], (2, "open"))
        self.assertEqual(rows[0][0], outcome["id"])

    def _cleanup(self, source_id):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            exceptions = env["dist.exception"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", source_id)]
            )
            env["mail.activity"].search(
                [("res_model", "=", "dist.exception"), ("res_id", "in", exceptions.ids)]
            ).unlink()
            env["mail.message"].search(
                [("model", "=", "dist.exception"), ("res_id", "in", exceptions.ids)]
            ).unlink()
            exceptions.unlink()
            env["res.partner"].browse(source_id).unlink()

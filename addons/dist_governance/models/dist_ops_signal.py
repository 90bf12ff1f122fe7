"""Operations signals: the platform's own failures as exceptions of the
register, owned by the governance controller. A scheduled action that
failed on its last runs (Odoo's failure_count) raises `ops_cron_failed`;
addons add their sources by extending `_dist_ops_signals` (the queued jobs,
in dist_purchase_policy). One open exception per failing record, resolved
by the check that finds it fine again.

Odoo switches a scheduled action off after repeated failures and resets its
failure_count to 0 then: its open exception stays open, saying so, until an
administrator reactivates the action and it runs fine."""

from odoo import api, fields, models

from .dist_exception import OPEN_STATES


class DistException(models.Model):
    _inherit = "dist.exception"

    @api.model
    def _cron_dist_ops_signals(self):
        return self._dist_ops_signals()

    @api.model
    def _dist_ops_signals(self):
        """Check the platform; {type code: (raised, resolved)} exceptions."""
        # sudo: the check reads the scheduled actions (administrator's
        # records) and raises and resolves the register's exceptions on
        # them, whoever runs it
        Cron = self.env["ir.cron"].sudo().with_context(active_test=False)
        crons = Cron.search([("failure_count", ">", 0)])
        # Odoo switches an action off after repeated failures and resets its
        # count to 0 then: an action with an open exception fails on until
        # it is active again, its count 0, and it ran since the check last
        # saw it failing
        open_ones = self.sudo().search(
            [
                ("type_id.code", "=", "ops_cron_failed"),
                ("res_model", "=", "ir.cron"),
                ("state", "in", OPEN_STATES),
            ]
        )
        for exception in open_ones:
            cron = Cron.browse(exception.res_id).exists()
            seen = exception.last_detected_date or exception.detected_date
            if cron and not cron._dist_ran_fine_since(seen):
                crons |= cron
        failing = {
            cron: (cron._dist_failure_summary(), cron.user_id.company_id)
            for cron in crons
        }
        return {
            "ops_cron_failed": self._dist_ops_sync(
                "ops_cron_failed", "ir.cron", failing
            )
        }

    @api.model
    def _dist_ops_sync(self, type_code, res_model, failing):
        """Raise `type_code` on each record of `failing` ({record: (summary,
        company)}) that has no open one yet; resolve the open ones of
        `res_model` whose record is no longer failing (or is gone).
        Returns (raised, resolved)."""
        # sudo: the system's own check (see _dist_ops_signals)
        exceptions = self.sudo()
        open_ones = exceptions.search(
            [
                ("type_id.code", "=", type_code),
                ("res_model", "=", res_model),
                ("state", "in", OPEN_STATES),
            ]
        )
        open_ids = set(open_ones.mapped("res_id"))
        now = fields.Datetime.now()
        raised = exceptions.browse()
        Type = exceptions.env["dist.exception.type"]
        for record, (summary, company) in failing.items():
            company = company or self.env.ref("base.main_company")
            if record.id in open_ids:
                # still failing: the open one says how it fails now (an
                # action switched off since, a count grown) and when it was
                # last seen failing
                open_ones.filtered(lambda e, r=record: e.res_id == r.id).write(
                    {"summary": summary, "last_detected_date": now}
                )
                continue
            if not Type._find(type_code, company):
                # the type archived by a controller, who wants no such
                # signal (raising would fail the check itself)
                continue
            raised |= exceptions.raise_exception(
                type_code, record, summary, company_id=company.id
            )
        failing_ids = {record.id for record in failing}
        resolved = open_ones.filtered(lambda e: e.res_id not in failing_ids)
        if resolved:
            resolved.write(
                {
                    "root_cause_id": self.env.ref(
                        "dist_governance.root_cause_platform"
                    ).id,
                    "corrective_action": self.env._(
                        "Runs fine again: resolved by the operations check."
                    ),
                }
            )
            resolved.action_resolve()
        return raised, resolved


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _dist_ran_fine_since(self, moment):
        """Whether the action ran fine after `moment`: active, no failure
        counted, and a run since (Odoo stamps lastcall on every run, a
        failed one too, and counts a failure then)."""
        self.ensure_one()
        return bool(
            self.active
            and not self.failure_count
            and self.lastcall
            and self.lastcall > fields.Datetime.to_datetime(moment)
        )

    def _dist_failure_summary(self):
        """The operations exception's text for the action."""
        self.ensure_one()
        if self.failure_count and self.active:
            return self.env._(
                "Scheduled action %(name)s failed %(count)s time(s) in a row",
                name=self.name,
                count=self.failure_count,
            )
        if self.failure_count:
            return self.env._(
                "Scheduled action %(name)s failed %(count)s time(s) in a row "
                "and is switched off: an administrator reactivates it once "
                "the cause is fixed",
                name=self.name,
                count=self.failure_count,
            )
        if not self.active:
            # Odoo's own deactivation resets the count
            return self.env._(
                "Scheduled action %(name)s was switched off by Odoo after "
                "repeated failures: an administrator reactivates it once the "
                "cause is fixed",
                name=self.name,
            )
        return self.env._(
            "Scheduled action %(name)s is active again but has not run "
            "fine since it failed",
            name=self.name,
        )

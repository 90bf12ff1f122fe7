"""Operations signals: the platform's own failures as exceptions of the
register, owned by the governance controller. A scheduled action that
failed on its last runs (Odoo's failure_count) raises `ops_cron_failed`;
addons add their sources by extending `_dist_ops_signals` (the queued jobs,
in dist_purchase_policy). One open exception per failing record, resolved
by the check that finds it fine again."""

from odoo import api, models

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
        crons = (
            self.env["ir.cron"]
            .sudo()
            .with_context(active_test=False)
            .search([("failure_count", ">", 0)])
        )
        failing = {
            cron: (
                self.env._(
                    "Scheduled action %(name)s failed %(count)s time(s) in a "
                    "row%(inactive)s",
                    name=cron.name,
                    count=cron.failure_count,
                    inactive="" if cron.active else self.env._(" and was deactivated"),
                ),
                cron.user_id.company_id,
            )
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
        raised = exceptions.browse()
        Type = exceptions.env["dist.exception.type"]
        for record, (summary, company) in failing.items():
            company = company or self.env.ref("base.main_company")
            if record.id in open_ids or not Type._find(type_code, company):
                # already open; or the type archived by a controller, who
                # wants no such signal (raising would fail the check itself)
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

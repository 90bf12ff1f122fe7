"""Retention of the replenishment runs: finished runs (done or skipped)
older than the company's days are archived, with its closed exceptions
(dist_governance's res_company_retention.py)."""

from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _dist_retention(self):
        done = super()._dist_retention()
        done["replenishment_runs"] = sum(
            company._dist_archive_runs() for company in self
        )
        return done

    def _dist_archive_runs(self):
        self.ensure_one()
        before = self._dist_archive_before()
        if not before:
            return 0
        # sudo: the retention job archives the company's runs, whoever
        # runs it (runs are read-only records of the system)
        runs = (
            self.env["dist.replenishment.run"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("state", "in", ("done", "skipped")),
                    ("started_at", "<", before),
                ]
            )
        )
        runs.write({"active": False})
        return len(runs)

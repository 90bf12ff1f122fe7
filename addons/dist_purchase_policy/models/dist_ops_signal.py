"""Operations signals of the queued jobs (queue_job, which this addon runs
its replenishment on): a failed job raises `ops_job_failed`, a job started
or enqueued for longer than the threshold raises `ops_job_stuck`, for the
governance controller; resolved once the job is done (or no longer in that
state). See dist_governance's dist_ops_signal.py."""

from datetime import timedelta

from odoo import api, fields, models

# minutes a job may stay started or enqueued before it counts as stuck
# (system parameter dist_purchase_policy.job_stuck_minutes)
STUCK_PARAM = "dist_purchase_policy.job_stuck_minutes"
STUCK_MINUTES = 60


class DistException(models.Model):
    _inherit = "dist.exception"

    @api.model
    def _dist_job_stuck_minutes(self):
        # sudo: a system parameter, read by the system's check
        value = self.env["ir.config_parameter"].sudo().get_param(STUCK_PARAM)
        try:
            minutes = int(value) if value else STUCK_MINUTES
        except ValueError:
            minutes = STUCK_MINUTES
        return max(minutes, 1)

    @api.model
    def _dist_ops_signals(self):
        result = super()._dist_ops_signals()
        # sudo: the jobs of every user and company, read by the system's
        # check (see dist_governance's _dist_ops_signals)
        Job = self.env["queue.job"].sudo()
        since = fields.Datetime.now() - timedelta(
            minutes=self._dist_job_stuck_minutes()
        )
        failed = Job.search([("state", "=", "failed")])
        stuck = Job.search(
            [
                "|",
                "&",
                ("state", "=", "started"),
                ("date_started", "<", since),
                "&",
                ("state", "=", "enqueued"),
                ("date_enqueued", "<", since),
            ]
        )
        result["ops_job_failed"] = self._dist_ops_sync(
            "ops_job_failed",
            "queue.job",
            {
                job: (
                    self.env._(
                        "Job failed: %(job)s: %(error)s",
                        job=job.name or job.func_string,
                        error=job.exc_message or job.exc_name or "",
                    ),
                    job.company_id or job.user_id.company_id,
                )
                for job in failed
            },
        )
        result["ops_job_stuck"] = self._dist_ops_sync(
            "ops_job_stuck",
            "queue.job",
            {
                job: (
                    self.env._(
                        "Job %(state)s for more than %(minutes)s minutes: %(job)s",
                        state=dict(job._fields["state"].selection).get(
                            job.state, job.state
                        ),
                        minutes=self._dist_job_stuck_minutes(),
                        job=job.name or job.func_string,
                    ),
                    job.company_id or job.user_id.company_id,
                )
                for job in stuck
            },
        )
        return result

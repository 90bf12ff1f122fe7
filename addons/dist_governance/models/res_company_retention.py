"""Retention, per company (its governance settings): daily KPI rows per
vendor, customer segment or product family rolled up into months, closed
exceptions archived. The daily scheduled action runs `_dist_retention` on
every company; addons extend it for their own records (the replenishment
runs). The audit trail (dist.audit.entry) and the change log (auditlog)
are never archived nor deleted."""

import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _cron_dist_retention(self):
        # sudo: the scheduled action applies each company's own retention
        # settings to records of the suite, whoever its user is
        companies = self.sudo().search([])
        done = companies._dist_retention()
        _logger.info("Distribution retention: %s", done)
        return done

    def _dist_retention(self):
        """Apply each company's retention; {what: number of rows}. Addons
        add their records to the result."""
        done = {"kpi_rows_rolled_up": 0, "kpi_month_rows": 0, "exceptions": 0}
        for company in self:
            rolled, months = company._dist_rollup_kpi_rows()
            done["kpi_rows_rolled_up"] += rolled
            done["kpi_month_rows"] += months
            done["exceptions"] += company._dist_archive_exceptions()
        return done

    def _dist_kpi_rollup_before(self):
        """The first day kept daily: the first of the month N months ago
        (only whole months older than the retention are rolled up); None
        when the company keeps every day."""
        self.ensure_one()
        months = self.dist_kpi_retention_months
        if months <= 0:
            return None
        return (self._dist_today() - relativedelta(months=months)).replace(day=1)

    def _dist_archive_before(self):
        """The moment (naive UTC) before which closed records are archived;
        None when the company archives nothing."""
        self.ensure_one()
        days = self.dist_archive_after_days
        if days <= 0:
            return None
        return fields.Datetime.now() - timedelta(days=days)

    def _dist_rollup_kpi_rows(self):
        """Replace the company's daily dimension rows (per vendor, segment,
        family) of the months before the retention by one row per KPI,
        warehouse, month and dimension value, in three set-based statements.

        The month row keeps the sums of numerator and denominator, so any
        figure over the month or coarser (sum(numerator) / sum(denominator),
        or sum(numerator)) is unchanged. Its value: a ratio's
        sum(numerator) / sum(denominator) (the daily values weighted by
        their denominators); a total's (count, amount) average of the
        daily values, each day a 30-day window of its own. A refresh of a
        day of a rolled-up month writes its totals only (the month rows
        hold its splits already, see dist.kpi._dist_refresh); daily split
        rows written otherwise in such a month are merged into the month
        row the next time, weighted by its days.
        Returns (daily rows removed, month rows written)."""
        self.ensure_one()
        before = self._dist_kpi_rollup_before()
        if not before:
            return 0, 0
        self.env["dist.kpi.snapshot"].flush_model()
        cr = self.env.cr
        keys = SQL(
            "s.kpi_id, s.company_id, s.warehouse_id, s.dimension, s.vendor_id, "
            "s.customer_segment, s.categ_id"
        )
        # the rows to merge: those of the months before the retention that
        # still have a daily row, with the month rows already made of them
        selected = SQL(
            """
            SELECT s.id FROM dist_kpi_snapshot s
             WHERE s.company_id = %(company)s AND s.dimension != 'total'
               AND s.date < %(before)s
               AND date_trunc('month', s.date) IN (
                   SELECT date_trunc('month', d.date) FROM dist_kpi_snapshot d
                    WHERE d.company_id = %(company)s AND d.dimension != 'total'
                      AND d.period = 'day' AND d.date < %(before)s)
            """,
            company=self.id,
            before=before,
        )
        cr.execute(SQL("DROP TABLE IF EXISTS dist_kpi_rollup"))
        cr.execute(
            SQL(
                """
                CREATE TEMPORARY TABLE dist_kpi_rollup ON COMMIT DROP AS
                SELECT %(keys)s, date_trunc('month', s.date)::date AS month,
                       SUM(s.numerator) AS numerator,
                       SUM(s.denominator) AS denominator,
                       CASE WHEN k.unit IN ('count', 'amount')
                            THEN SUM(s.value * s.day_count) / SUM(s.day_count)
                            ELSE SUM(s.numerator)
                                 * CASE WHEN k.unit = 'percent' THEN 100.0
                                        ELSE 1.0 END
                                 / NULLIF(SUM(s.denominator), 0)
                       END AS value,
                       SUM(s.day_count) AS day_count
                  FROM dist_kpi_snapshot s JOIN dist_kpi k ON k.id = s.kpi_id
                 WHERE s.id IN (%(selected)s)
                 GROUP BY %(keys)s, date_trunc('month', s.date), k.unit
                """,
                keys=keys,
                selected=selected,
            )
        )
        cr.execute(
            SQL(
                """
                WITH gone AS (
                    DELETE FROM dist_kpi_snapshot WHERE id IN (%s)
                    RETURNING period)
                SELECT COUNT(*) FILTER (WHERE period = 'day') FROM gone
                """,
                selected,
            )
        )
        removed = cr.fetchone()[0]
        cr.execute(
            SQL(
                """
                INSERT INTO dist_kpi_snapshot (
                    kpi_id, company_id, warehouse_id, dimension, vendor_id,
                    customer_segment, categ_id, date, numerator, denominator,
                    value, day_count, period, create_uid, create_date,
                    write_uid, write_date)
                SELECT kpi_id, company_id, warehouse_id, dimension, vendor_id,
                       customer_segment, categ_id, month, numerator,
                       denominator, value, day_count, 'month', %(uid)s,
                       now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM dist_kpi_rollup
                """,
                uid=self.env.uid,
            )
        )
        written = cr.rowcount
        cr.execute(SQL("DROP TABLE dist_kpi_rollup"))
        self.env["dist.kpi.snapshot"].invalidate_model()
        return removed, written

    def _dist_archive_exceptions(self):
        """Archive the company's resolved or cancelled exceptions closed
        before its retention (their last change for a cancelled one)."""
        self.ensure_one()
        before = self._dist_archive_before()
        if not before:
            return 0
        # sudo: the retention job archives closed exceptions of every owner
        exceptions = (
            self.env["dist.exception"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("state", "in", ("resolved", "cancel")),
                    "|",
                    ("resolved_date", "<", before),
                    "&",
                    ("resolved_date", "=", False),
                    ("write_date", "<", before),
                ]
            )
        )
        exceptions.write({"active": False})
        return len(exceptions)

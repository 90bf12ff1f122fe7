from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.dist_root_cause import PROCESS_AREAS

PERIODS = [
    ("30d", "Last 30 days"),
    ("90d", "Last 90 days"),
    ("365d", "Last 12 months"),
    ("all", "All time"),
]


class DistRootCausePareto(models.Model):
    """Root causes of resolved exceptions, most frequent first, with their
    share and cumulative share: a Pareto per company, period and exception
    type (and over all types)."""

    _name = "dist.root.cause.pareto"
    _description = "Root-cause Pareto"
    _auto = False
    _order = "period, company_id, type_id, rank, root_cause_id"

    period = fields.Selection(selection=PERIODS, readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        string="Exception type",
        readonly=True,
        help="Empty: all types together.",
    )
    root_cause_id = fields.Many2one(comodel_name="dist.root.cause", readonly=True)
    process_area = fields.Selection(selection=PROCESS_AREAS, readonly=True)
    exception_count = fields.Integer(string="Exceptions", readonly=True)
    rank = fields.Integer(readonly=True, aggregator=None)
    share = fields.Float(string="Share (%)", readonly=True, aggregator=None)
    cumulative_share = fields.Float(
        string="Cumulative (%)", readonly=True, aggregator=None
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    WITH periods(code, days) AS (
                        VALUES ('30d', 30), ('90d', 90), ('365d', 365),
                               ('all', NULL::int)
                    ),
                    counted AS (
                        SELECT p.code AS period, e.company_id, e.type_id,
                               e.root_cause_id, count(*) AS n
                          FROM dist_exception e
                          CROSS JOIN periods p
                         WHERE e.state = 'resolved'
                           AND e.root_cause_id IS NOT NULL
                           AND (p.days IS NULL OR e.resolved_date >=
                                (now() AT TIME ZONE 'UTC')
                                - make_interval(days => p.days))
                         GROUP BY GROUPING SETS (
                            (p.code, e.company_id, e.type_id, e.root_cause_id),
                            (p.code, e.company_id, e.root_cause_id))
                    )
                    SELECT row_number() OVER (
                               ORDER BY c.period, c.company_id, c.type_id,
                                        c.n DESC, c.root_cause_id) AS id,
                           c.period, c.company_id, c.type_id, c.root_cause_id,
                           rc.process_area,
                           c.n AS exception_count,
                           rank() OVER w AS rank,
                           round(100.0 * c.n / sum(c.n) OVER part, 1) AS share,
                           round(100.0 * sum(c.n) OVER (w ROWS UNBOUNDED PRECEDING)
                                 / sum(c.n) OVER part, 1) AS cumulative_share
                      FROM counted c
                      JOIN dist_root_cause rc ON rc.id = c.root_cause_id
                    WINDOW part AS (PARTITION BY c.period, c.company_id, c.type_id),
                           w AS (PARTITION BY c.period, c.company_id, c.type_id
                                 ORDER BY c.n DESC, c.root_cause_id)
                )
                """,
                view=SQL.identifier(self._table),
            )
        )

import functools
import gc
import logging
import time

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.dist_governance.roles import check_role
from odoo.addons.queue_job.delay import chain, group

from .run_context import RunContext
from .snapshot_reader import SnapshotReader

_logger = logging.getLogger(__name__)

# first keys of the advisory locks: a whole-company run holds its company's
# lock exclusively; warehouse jobs share the company lock and hold their
# warehouse's exclusively
LOCK_KEY = 0x44495354  # "DIST"
WAREHOUSE_LOCK_KEY = 0x44495357  # "DISW"


def older_objects_frozen(method):
    """Run `method` with the objects that exist before it (the registry,
    the ORM's caches: millions of them) in the collector's permanent
    generation (gc.freeze), so that the collections the run's own
    allocations trigger do not walk them again and again. The collector
    still runs, for the run's own objects; gc.unfreeze gives the older ones
    back to it afterwards. Measured at large (bench/bench_replenishment.py,
    2026-12-07, the same machine one after the other): the steady run took
    2.72-3.30 s with the collector walking everything, 2.13 s with it off,
    2.28 s before the engine rewrite (which paused the collector)."""

    @functools.wraps(method)
    def frozen(self, *args, **kwargs):
        gc.freeze()
        try:
            return method(self, *args, **kwargs)
        finally:
            gc.unfreeze()

    return frozen


class DistReplenishmentRun(models.Model):
    """One run of segmentation, supplier scoring, policy levels, reorder
    rules and recommendations for one company, and what it changed.

    The run is set-based: a fixed number of SQL statements per company
    whatever the number of products. It is idempotent (a second run the same
    day changes nothing) and one company runs once at a time: a run that
    finds another one in progress skips and says so."""

    _name = "dist.replenishment.run"
    _description = "Replenishment run"
    _order = "started_at desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    state = fields.Selection(
        selection=[("done", "Done"), ("skipped", "Skipped")],
        required=True,
        readonly=True,
    )
    trigger = fields.Selection(
        selection=[("cron", "Scheduled"), ("manual", "Button"), ("job", "Queued job")],
        readonly=True,
    )
    scope = fields.Char(
        readonly=True,
        help="Whole company, or the part a queued job ran: the vendor "
        "scorecards, or one warehouse.",
    )
    user_id = fields.Many2one(comodel_name="res.users", readonly=True)
    anchor = fields.Datetime(
        string="Demand up to", readonly=True, help="End of the demand window."
    )
    started_at = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(10, 3))
    query_count = fields.Integer(readonly=True)
    segment_count = fields.Integer(string="Segments", readonly=True)
    segments_created = fields.Integer(readonly=True)
    segments_updated = fields.Integer(readonly=True)
    segments_removed = fields.Integer(readonly=True)
    class_changes = fields.Integer(readonly=True)
    scorecards_written = fields.Integer(readonly=True)
    grades_changed = fields.Integer(readonly=True)
    drift_exceptions = fields.Integer(readonly=True)
    orderpoints_created = fields.Integer(readonly=True)
    orderpoints_updated = fields.Integer(readonly=True)
    orderpoints_archived = fields.Integer(readonly=True)
    recommendations_created = fields.Integer(readonly=True)
    recommendations_updated = fields.Integer(readonly=True)
    recommendations_removed = fields.Integer(readonly=True)
    message = fields.Text(readonly=True)
    active = fields.Boolean(
        default=True,
        help="Runs past the company's retention (governance settings) are "
        "archived by the nightly retention.",
    )

    @api.model
    @api.depends("started_at", "scope")
    @api.depends_context("tz")
    def _compute_display_name(self):
        for run in self:
            if not run.started_at:
                run.display_name = self.env._("Replenishment run")
                continue
            # the start in the reader's time zone (context, else the user's)
            started = fields.Datetime.context_timestamp(run, run.started_at)
            run.display_name = self.env._(
                "Replenishment run %(when)s", when=started.strftime("%Y-%m-%d %H:%M")
            )
            if run.scope:
                run.display_name += f" ({run.scope})"

    def _dist_texts(self, company):
        """The run's sentences, translated once per run (not per product)."""
        _ = self.env._
        return {
            "margin": _("crossed the cut-off by the margin"),
            "runs": _("across the cut-off for consecutive runs"),
            "override": _("override"),
            "matrix": _("matrix"),
            "first": _("first run with demand"),
            "gone": _("no demand in the window"),
            "vendor": _(
                "%(vendor)s: price %(price).2f, lead time %(lead).1f days, "
                "grade %(grade)s"
            ),
            "primary": _("Primary vendor. %(detail)s"),
            "alternate": _("Primary vendor graded D; alternate %(detail)s"),
            "better": _("Better than the primary vendor (%(primary)s). %(detail)s"),
            "no_vendor": _("No vendor"),
            "numbers": _(
                "%(policy)s: forecast %(demand).1f per %(period)s (%(method)s), "
                "safety stock %(safety).0f, reorder point %(reorder).0f, max "
                "%(maximum).0f. Position %(available).0f = on hand %(on_hand).0f + "
                "incoming %(incoming).0f - open deliveries %(backlog).0f"
                "%(sensed)s is at or below the reorder point."
            ),
            "sensed": _(" - weighted quotations %(q).0f"),
            "transfer": _(
                "%(origin)s holds %(spare)s above its own max: move %(moved)s to "
                "%(target)s before buying. %(numbers)s"
            ),
            "rounding": _(" (raised to MOQ %(moq).0f / packs of %(pack).0f)"),
            "purchase": _(
                "%(numbers)s Buy %(quantity).0f to reach the max%(rounding)s. "
                "Lead time %(lead).1f ± %(spread).1f days (%(basis)s)."
            ),
            "period": dict(
                self.env["res.company"]
                ._fields["dist_segment_period"]
                ._description_selection(self.env)
            )[company.dist_segment_period].lower(),
            "methods": dict(
                self.env["dist.replenishment.policy"]
                ._fields["forecast_method"]
                ._description_selection(self.env)
            ),
            "sources": dict(
                self.env["dist.product.segment"]
                ._fields["lead_time_source"]
                ._description_selection(self.env)
            ),
        }

    @api.model
    def _cron_run(self):
        """Every company; large ones (more segments than their threshold)
        as queue_job jobs: the vendor scorecards first, then one job per
        warehouse, which workers run side by side."""
        inline = self.env["res.company"]
        for company in self.env["res.company"].search([]):
            threshold = company.dist_job_threshold
            segments = self.env["dist.product.segment"].search_count(
                [("company_id", "=", company.id)]
            )
            if threshold and segments > threshold:
                self._dist_enqueue(company)
            else:
                inline |= company
        self._run_companies(inline, trigger="cron")

    @api.model
    def _dist_enqueue(self, company, anchor=None):
        anchor = self._dist_anchor(company, anchor)
        warehouses = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)]
        )
        channel = "root"
        vendors = self.delayable(
            channel=channel,
            description=self.env._(
                "Replenishment %(company)s: vendor scorecards", company=company.name
            ),
        )._dist_job_vendors(company, anchor)
        per_warehouse = [
            self.delayable(
                channel=channel,
                description=self.env._(
                    "Replenishment %(company)s: warehouse %(warehouse)s",
                    company=company.name,
                    warehouse=warehouse.code,
                ),
            )._dist_job_warehouse(company, anchor, warehouse.id)
            for warehouse in warehouses
        ]
        chain(vendors, group(*per_warehouse)).delay()
        _logger.info(
            "Replenishment run for %s queued: vendor scorecards, then %s "
            "warehouse jobs.",
            company.name,
            len(per_warehouse),
        )

    def _dist_job_vendors(self, company, anchor):
        return self._run_company(company, anchor=anchor, trigger="job", part="vendors")

    def _dist_job_warehouse(self, company, anchor, warehouse_id):
        return self._run_company(
            company, anchor=anchor, trigger="job", warehouse_ids=[warehouse_id]
        )

    @api.model
    def action_run_now(self):
        """The button: run the companies selected in the switcher."""
        # the run writes with the system's rights (see _run_company): the
        # caller's role is checked first; the nightly run calls _cron_run
        check_role(
            self.env,
            self.env._("run the replenishment now"),
            "dist_purchase_policy.group_purchasing_manager",
        )
        runs = self._run_companies(self.env.companies, trigger="manual")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_purchase_policy.dist_replenishment_run_action"
        )
        action["domain"] = [("id", "in", runs.ids)]
        return action

    @api.model
    def _dist_lock(self, company, warehouse_ids):
        """Whether this transaction got the run's locks (never waits)."""
        cr = self.env.cr
        if not warehouse_ids:
            cr.execute(
                SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_KEY, company.id)
            )
            return cr.fetchone()[0]
        cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock_shared(%s, %s)",
                LOCK_KEY,
                company.id,
            )
        )
        if not cr.fetchone()[0]:
            return False
        for warehouse_id in sorted(warehouse_ids):
            cr.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)",
                    WAREHOUSE_LOCK_KEY,
                    warehouse_id,
                )
            )
            if not cr.fetchone()[0]:
                return False
        return True

    @api.model
    def _dist_anchor(self, company, anchor=None):
        """The moment (naive UTC) the company's day holding `anchor`
        (default now) began in its time zone: demand is counted up to it,
        so that runs of the same day agree, whoever starts them."""
        day = company._dist_local_day(anchor or fields.Datetime.now())
        return company._dist_day_bounds(day)[0]

    @api.model
    def _run_companies(self, companies, anchor=None, trigger="manual"):
        """Run `companies` one after the other in this transaction, each
        company's reads prepared while the one before computes."""
        runs = self.browse()
        if not companies:
            return runs
        # one moment for all; each company's anchor is its own day's start
        moment = anchor or fields.Datetime.now()
        # once each: a company's reads are made before its run writes
        companies = companies.browse(list(dict.fromkeys(companies.ids)))
        with SnapshotReader(self.env) as reader:
            # with other connections reading, the next company's statements
            # are submitted once the current one has submitted all of its
            # own (its vendors, when its segments are known): they read
            # while it computes, and never before what it waits for
            prepared = {}

            def prepare(index):
                if reader.parallel and index < len(companies) and index not in prepared:
                    prepared[index] = self._dist_prepare(
                        companies[index],
                        self._dist_anchor(companies[index], moment),
                        reader,
                        priority=index,
                    )
                    prepared[index].then = functools.partial(prepare, index + 1)

            prepare(0)
            for index, company in enumerate(companies):
                runs |= self._run_company(
                    company,
                    anchor=moment,
                    trigger=trigger,
                    reader=reader,
                    prepared=prepared.pop(index, None),
                )
                # (when the run skipped on its lock, before it submitted all)
                prepare(index + 1)
        return runs

    @api.model
    def _dist_prepare(
        self, company, anchor, reader, warehouse_ids=None, part="all", priority=0
    ):
        """The run's context for `company`, its heavy reads submitted to
        `reader`: the demand, the segments and reorder rules in force and
        the positions; the receipts its vendor scorecards measure and the
        scorecards in force."""
        # sudo: the run is the system maintaining its own tables for a
        # company; who starts it needs no write access to them
        run_model = self.sudo().with_company(company)
        ctx = RunContext(run_model, company, anchor, warehouse_ids, reader)
        ctx.priority = priority
        if part != "vendors":
            ctx.submit("demand", run_model._dist_demand_query(ctx))
            ctx.submit(
                "segments",
                run_model._dist_segments_query(ctx),
                tables=["dist_product_segment"],
            )
        if part == "vendors" or not warehouse_ids:
            ctx.submit("receipts", run_model._dist_receipts_query(ctx))
            ctx.submit(
                "scorecards",
                run_model._dist_scorecards_query(ctx),
                tables=["dist_vendor_scorecard"],
            )
        if part != "vendors":
            ctx.submit("positions", run_model._dist_positions_query(ctx))
            ctx.submit(
                "orderpoints",
                run_model._dist_orderpoints_query(ctx),
                tables=["stock_warehouse_orderpoint"],
            )
        return ctx

    @api.model
    @older_objects_frozen
    def _run_company(
        self,
        company,
        anchor=None,
        trigger="manual",
        warehouse_ids=None,
        part="all",
        reader=None,
        prepared=None,
    ):
        """Run replenishment for `company`, demand counted up to the start
        of the company's day holding `anchor` (default now; in the company's
        time zone, so that runs of the same day agree).

        Queued jobs of a large company run a part: `part="vendors"` the
        vendor scorecards, grades and drift only; `warehouse_ids` the
        segments, levels, reorder rules and recommendations of those
        warehouses, reading the scorecards the vendors job wrote.

        `reader` (a SnapshotReader of this transaction) reads the heavy
        statements, `prepared` is the context `_dist_prepare` made with
        them already submitted; by default the run makes its own."""
        started = time.perf_counter()
        queries_before = self.env.cr.sql_log_count
        anchor = self._dist_anchor(company, anchor)
        # sudo: the run is the system maintaining its own tables for a
        # company; who starts it needs no write access to them
        run_model = self.sudo().with_company(company)
        scope = self.env._("Whole company")
        if part == "vendors":
            scope = self.env._("Vendor scorecards")
        elif warehouse_ids:
            scope = ", ".join(
                self.env["stock.warehouse"].browse(warehouse_ids).mapped("code")
            )
        log = {
            "company_id": company.id,
            "trigger": trigger,
            "scope": scope,
            "user_id": self.env.uid,
            "anchor": anchor,
            "started_at": fields.Datetime.now(),
        }
        if not self._dist_lock(company, warehouse_ids):
            _logger.info(
                "Replenishment run for %s skipped: another run of it is in progress.",
                company.name,
            )
            return run_model.create(
                {
                    **log,
                    "state": "skipped",
                    "message": self.env._(
                        "Skipped: another run for %(company)s was in progress.",
                        company=company.name,
                    ),
                }
            )
        # the run's aggregations sort and hash a year of moves: give them
        # memory for this transaction only
        self.env.cr.execute(SQL("SET LOCAL work_mem = '128MB'"))
        # and no JIT compilation: the statements take a fraction of a
        # second, of which compiling them took a tenth (the receipts
        # aggregate: 55 ms of 555 on the benchmark) for no faster run
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        policies = run_model.env["dist.policy.matrix.cell"]._dist_policies_by_cell(
            company
        )
        self.env.flush_all()
        own_reader = None
        if prepared is None and reader is None:
            reader = own_reader = SnapshotReader(self.env)
        try:
            ctx = prepared or run_model._dist_prepare(
                company, anchor, reader, warehouse_ids, part
            )
            ctx.matrix = policies
            ctx.text = run_model._dist_texts(company)
            if part == "vendors":
                run_model._dist_score_vendors(ctx)
                run_model._dist_raise_drift(ctx)
            else:
                run_model._dist_compute_segments(ctx)
                if ctx.scope:
                    run_model._dist_load_vendor_cards(ctx)
                else:
                    run_model._dist_score_vendors(ctx)
                run_model._dist_compute_levels(ctx)
                run_model._dist_write_orderpoints(ctx)
                run_model._dist_write_segments(ctx)
                run_model._dist_write_recommendations(ctx)
                if not ctx.scope:
                    run_model._dist_raise_drift(ctx)
            stats, history = ctx.stats, ctx.history
            segment_count, offloaded = len(ctx.segments), ctx.offloaded
        except BaseException:
            if own_reader:
                own_reader.close(cancel=True)
            raise
        if own_reader:
            own_reader.close()
        self.env.invalidate_all()
        run = run_model.create(
            {
                **log,
                "state": "done",
                "duration": time.perf_counter() - started,
                "query_count": self.env.cr.sql_log_count - queries_before + offloaded,
                "segment_count": segment_count,
                **{
                    name: stats.get(name, 0)
                    for name in (
                        "segments_created",
                        "segments_updated",
                        "segments_removed",
                        "class_changes",
                        "scorecards_written",
                        "grades_changed",
                        "drift_exceptions",
                        "orderpoints_created",
                        "orderpoints_updated",
                        "orderpoints_archived",
                        "recommendations_created",
                        "recommendations_updated",
                        "recommendations_removed",
                    )
                },
            }
        )
        if history:
            self.env.cr.execute(
                SQL(
                    "UPDATE dist_product_segment_history SET run_id = %s "
                    "WHERE id = ANY(%s)",
                    run.id,
                    history,
                )
            )
        _logger.info(
            "Replenishment run for %s: %s segments, %s class changes, %s "
            "reorder rules written, %s recommendations written, %.2fs",
            company.name,
            run.segment_count,
            run.class_changes,
            run.orderpoints_created + run.orderpoints_updated,
            run.recommendations_created + run.recommendations_updated,
            run.duration,
        )
        return run

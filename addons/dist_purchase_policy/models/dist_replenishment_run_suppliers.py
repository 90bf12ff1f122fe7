from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import local_date_sql
from odoo.addons.dist_governance.models.dist_exception import OPEN_STATES

from ..engine.records import Receipts, ScoreWeights, VendorCard
from ..engine.scorecards import scorecard
from .bulk_sql import delete_rows, insert_rows, update_rows

# one row per vendor and one per vendor and product, from the purchase order
# lines approved in the window whose order has had a receipt done: lead time
# from confirmation to the order's first receipt (Odoo's stored "Arrival"),
# on time when that receipt came by the line's planned day (days of the
# company's time zone: converted per order and line, which the orders of a
# year afford; UTC companies keep a plain cast), quantity
# accurate when a fully received order got the line's quantity (tolerance)
# Orders are filtered first and their lines reached through the order_id
# index (a lateral subquery the planner cannot flatten: left to itself it
# scans every purchase line of every company in parallel, twice as slow on
# two cores); figures are float8 from the start (numeric aggregates cost a third
# of the statement), rounded to 4 decimals where they are compared.
RECEIPTS_QUERY = """
WITH orders AS (
    SELECT id,
           partner_id,
           EXTRACT(EPOCH FROM (effective_date - date_approve))::float8
               / 86400.0 AS lead_days,
           %(arrived)s AS arrived,
           receipt_status = 'full' AS closed,
           date_approve >= %(recent)s AS recent
      FROM purchase_order
     WHERE company_id = %(company)s
       AND state IN ('purchase', 'done')
       AND effective_date IS NOT NULL
       AND date_approve >= %(start)s
       AND date_approve < %(anchor)s
), lines AS (
    SELECT o.partner_id,
           pol.product_id,
           o.lead_days,
           o.arrived <= %(planned)s AS on_time,
           o.closed,
           pol.product_qty::float8 AS product_qty,
           pol.qty_received::float8 AS qty_received,
           o.recent
      FROM orders o
     CROSS JOIN LATERAL (
           SELECT product_id, date_planned, product_qty, qty_received
             FROM purchase_order_line
            WHERE order_id = o.id
              AND product_qty > 0
              AND display_type IS NULL
           OFFSET 0
           ) pol
), promised AS (
    SELECT s.partner_id, pp.id AS product_id, MIN(s.delay)::float8 AS delay
      FROM product_supplierinfo s
      JOIN product_product pp ON pp.product_tmpl_id = s.product_tmpl_id
     WHERE s.company_id IS NULL OR s.company_id = %(company)s
     GROUP BY 1, 2
), scored AS (
    SELECT l.*,
           p.delay AS promised,
           ABS(l.lead_days - COALESCE(p.delay, l.lead_days))
               <= GREATEST(COALESCE(p.delay, 0) * %(lead_tolerance)s, 2)
               AS lead_ok,
           ABS(l.qty_received - l.product_qty)
               <= l.product_qty * %(qty_tolerance)s AS qty_ok
      FROM lines l
      LEFT JOIN promised p ON p.partner_id = l.partner_id
                          AND p.product_id = l.product_id
)
SELECT partner_id,
       CASE WHEN GROUPING(product_id) = 1 THEN NULL ELSE product_id END,
       COUNT(*),
       AVG(promised)::float8,
       AVG(lead_days)::float8,
       COALESCE(STDDEV_POP(lead_days), 0)::float8,
       AVG(on_time::int::float8)::float8,
       AVG(qty_ok::int::float8) FILTER (WHERE closed)::float8,
       AVG(lead_ok::int::float8)::float8,
       COUNT(*) FILTER (WHERE recent),
       AVG(on_time::int::float8) FILTER (WHERE recent)::float8,
       AVG(qty_ok::int::float8) FILTER (WHERE recent AND closed)::float8,
       AVG(lead_ok::int::float8) FILTER (WHERE recent)::float8
  FROM scored
 GROUP BY GROUPING SETS ((partner_id), (partner_id, product_id))
HAVING GROUPING(product_id) = 1 OR COUNT(*) >= %(min_receipts)s
"""

CARD_FIELDS = (
    ("receipt_count", "int4"),
    ("promised_lead_days", "float8"),
    ("lead_mean_days", "float8"),
    ("lead_std_days", "float8"),
    ("on_time_rate", "float8"),
    ("qty_accuracy", "float8"),
    ("lead_reliability", "float8"),
    ("score", "float8"),
    ("recent_score", "float8"),
    ("grade", "varchar"),
    ("trend", "varchar"),
    ("drift", "bool"),
)
assert tuple(name for name, _type in CARD_FIELDS) == VendorCard._fields


class DistReplenishmentRun(models.Model):
    _inherit = "dist.replenishment.run"

    def _dist_receipts_query(self, ctx):
        company = ctx.company
        window_days = max(365.0, ctx.period_days * ctx.periods)
        return SQL(
            RECEIPTS_QUERY,
            company=company.id,
            start=ctx.anchor - timedelta(days=window_days),
            recent=ctx.anchor - timedelta(days=91),
            anchor=ctx.anchor,
            arrived=local_date_sql(SQL("effective_date"), ctx.company._dist_tz()),
            planned=local_date_sql(SQL("pol.date_planned"), ctx.company._dist_tz()),
            lead_tolerance=company.dist_leadtime_tolerance / 100.0,
            qty_tolerance=company.dist_receipt_tolerance / 100.0,
            min_receipts=company.dist_min_receipts,
        )

    @api.model
    def _get_vendor_score_weights(self, company):
        """The weights of on-time delivery, quantity accuracy and lead-time
        reliability in the vendor scorecards of `company` (its settings)."""
        return ScoreWeights(
            company.dist_vendor_weight_on_time,
            company.dist_vendor_weight_quantity,
            company.dist_vendor_weight_lead_time,
        )

    def _dist_score_vendors(self, ctx):
        """Scorecards per vendor and vendor x product, vendor grades, and
        lead-time drift: one query to measure (submitted to the run's reader
        beforehand), a few to write."""
        company = ctx.company
        minimum = company.dist_min_receipts
        tolerance = company.dist_leadtime_tolerance / 100.0
        weights = self._get_vendor_score_weights(company)
        cards = {}
        for partner_id, product_id, *measured in ctx.reads.pop("receipts").result():
            card = scorecard(Receipts(*measured), minimum, tolerance, weights)
            cards[(partner_id, product_id)] = card
            if product_id is None:
                ctx.vendor_cards[partner_id] = card
            else:
                ctx.product_cards[(partner_id, product_id)] = card
        self._dist_write_scorecards(ctx, cards)
        self._dist_write_grades(ctx)

    def _dist_load_vendor_cards(self, ctx):
        """A warehouse job reads the scorecards its company's vendors job
        wrote instead of measuring again."""
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, product_id, %s FROM dist_vendor_scorecard "
                "WHERE company_id = %s",
                SQL(", ").join(SQL.identifier(name) for name, _t in CARD_FIELDS),
                ctx.company.id,
            )
        )
        for partner_id, product_id, *card in self.env.cr.fetchall():
            if product_id:
                ctx.product_cards[(partner_id, product_id)] = VendorCard(*card)
            else:
                ctx.vendor_cards[partner_id] = VendorCard(*card)
        ctx.grades = {
            partner: card.grade
            for partner, card in ctx.vendor_cards.items()
            if card.grade
        }

    def _dist_scorecards_query(self, ctx):
        return SQL(
            "SELECT id, partner_id, product_id, %s FROM dist_vendor_scorecard "
            "WHERE company_id = %s",
            SQL(", ").join(SQL.identifier(name) for name, _t in CARD_FIELDS),
            ctx.company.id,
        )

    def _dist_write_scorecards(self, ctx, cards):
        existing = {
            (row[1], row[2]): (row[0], tuple(row[3:]))
            for row in ctx.reads.pop("scorecards").result()
        }
        inserts, updates = [], []
        for key, card in cards.items():
            card = tuple(card)
            old = existing.pop(key, None)
            if old is None:
                inserts.append((ctx.company.id, *key, *card, ctx.anchor))
            elif old[1] != card:
                updates.append((old[0], *card, ctx.anchor))
        columns = [
            ("company_id", "int4"),
            ("partner_id", "int4"),
            ("product_id", "int4"),
            *CARD_FIELDS,
            ("computed_at", "timestamp"),
        ]
        insert_rows(self.env, "dist_vendor_scorecard", columns, inserts, ctx.now)
        update_rows(self.env, "dist_vendor_scorecard", columns[3:], updates, ctx.now)
        delete_rows(
            self.env, "dist_vendor_scorecard", [old[0] for old in existing.values()]
        )
        ctx.count("scorecards_written", len(inserts) + len(updates))

    def _dist_write_grades(self, ctx):
        """The vendor grade (company-dependent) of graded vendors, so that
        the approval matrix and the vendor form read the scorecard's.

        Through the ORM, for the vendors whose grade in the run's company
        changed only, one write per grade: a few dozen vendors a run at
        most, so the ORM's write (its write date, its computed fields and
        tracking, whatever extension of res.partner reacts) costs little
        beside the run."""
        grades = {
            partner: card.grade
            for partner, card in ctx.vendor_cards.items()
            if card.grade
        }
        ctx.grades = grades
        if not grades:
            return
        # the run's environment is the superuser's in the run's company
        # (see _run_company): the grade is a field kept by the suite
        # (dist.system.fields.mixin), which only the superuser writes, and
        # it is company-dependent, so the company decides which value is
        # written
        partners = (
            self.env["res.partner"]
            .with_company(ctx.company)
            .with_context(active_test=False)
            .browse(sorted(grades))
        )
        # the grades only, in one query
        partners.fetch(["dist_vendor_grade"])
        by_grade = defaultdict(list)
        for partner in partners:
            grade = grades[partner.id]
            if partner.dist_vendor_grade != grade:
                by_grade[grade].append(partner.id)
        for grade in sorted(by_grade):
            partners.browse(by_grade[grade]).write({"dist_vendor_grade": grade})
        ctx.count("grades_changed", sum(map(len, by_grade.values())))

    def _dist_raise_drift(self, ctx):
        """An exception for the vendor's buyer in the company and a proposal
        of the measured delay for each graded vendor whose lead time drifted;
        once per vendor while the exception or the proposal is open."""
        drifting = {
            partner: card for partner, card in ctx.vendor_cards.items() if card.drift
        }
        if not drifting:
            return
        company = ctx.company
        proposals = self.env["dist.leadtime.proposal"]
        open_proposals = {
            p.partner_id.id: p
            for p in proposals.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "proposed"),
                    ("partner_id", "in", list(drifting)),
                ]
            )
        }
        open_exceptions = set(
            self.env["dist.exception"]
            .search(
                [
                    ("company_id", "=", company.id),
                    ("type_id.code", "=", "vendor_leadtime_drift"),
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", list(drifting)),
                    ("state", "in", OPEN_STATES),
                ]
            )
            .mapped("res_id")
        )
        partners = self.env["res.partner"].browse(list(drifting))
        # the vendor's buyer in the company, else the company's buyer role
        buyers, role_buyer = partners._dist_buyers_for(company)
        for partner in partners:
            card = drifting[partner.id]
            values = {
                "promised_lead_days": card.promised_lead_days,
                "measured_lead_days": card.lead_mean_days,
                "measured_std_days": card.lead_std_days,
                "receipt_count": card.receipt_count,
            }
            proposal = open_proposals.get(partner.id)
            if proposal:
                changed = {
                    name: value
                    for name, value in values.items()
                    if abs((proposal[name] or 0) - value) > 1e-6
                }
                if changed:
                    proposal.write(changed)
            else:
                proposal = proposals.create(
                    {
                        **values,
                        "company_id": company.id,
                        "partner_id": partner.id,
                        "proposed_delay": round(card.lead_mean_days),
                    }
                )
            if partner.id in open_exceptions:
                continue
            exception = self.env["dist.exception"].raise_exception(
                "vendor_leadtime_drift",
                partner,
                self.env._(
                    "%(vendor)s delivers in %(measured).1f days on average "
                    "(spread %(std).1f over %(count)s receipts) against "
                    "%(promised).1f promised",
                    vendor=partner.name,
                    measured=card.lead_mean_days,
                    std=card.lead_std_days,
                    count=card.receipt_count,
                    promised=card.promised_lead_days,
                ),
                company_id=company.id,
                partner_id=partner.id,
                owner_id=buyers.get(partner.id) or role_buyer or False,
            )
            if not proposal.exception_id:
                proposal.exception_id = exception
            ctx.count("drift_exceptions")

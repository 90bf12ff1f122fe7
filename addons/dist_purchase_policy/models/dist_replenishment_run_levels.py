from odoo import api, models
from odoo.tools import SQL

from ..engine import forecasting
from ..engine.levels import segment_levels
from ..engine.records import ChoiceWeights, Policy, Supplier
from ..engine.vendors import choose_vendor, vendor_options
from ..stats import safety_stock

# the suppliers of the segments' products valid on the run's day, in
# price-list order (sequence, then id); a product without any keeps a row
# (its category)
CANDIDATES_QUERY = """
WITH products AS (
    SELECT pp.id, pp.product_tmpl_id, pt.categ_id
      FROM product_product pp
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE pp.id = ANY(%(products)s)
), sellers AS (
    SELECT p.id AS for_product, si.id, si.partner_id, si.min_qty, si.price,
           si.delay, si.sequence, si.company_id, si.date_start, si.date_end
      FROM products p
      JOIN product_supplierinfo si ON si.product_id = p.id
    UNION ALL
    SELECT p.id AS for_product, si.id, si.partner_id, si.min_qty, si.price,
           si.delay, si.sequence, si.company_id, si.date_start, si.date_end
      FROM products p
      JOIN product_supplierinfo si ON si.product_tmpl_id = p.product_tmpl_id
                                  AND si.product_id IS NULL
)
SELECT p.id, s.id, s.partner_id, s.min_qty::float8, s.price::float8, s.delay,
       p.categ_id
  FROM products p
  LEFT JOIN sellers s
         ON s.for_product = p.id
        AND (s.company_id IS NULL OR s.company_id = %(company)s)
        AND (s.date_start IS NULL OR s.date_start <= %(today)s)
        AND (s.date_end IS NULL OR s.date_end >= %(today)s)
 ORDER BY p.id, s.sequence, s.id
"""

POLICY_FIELDS = [
    "code",
    "name",
    "mode",
    "service_level",
    "review_period_days",
    "forecast_method",
    "ma_window",
    "alpha",
    "beta",
    "round_to_moq",
    "auto_po",
]


class DistReplenishmentRun(models.Model):
    """The run's levels: each segment's policy, vendor, forecast, safety
    stock, reorder point and max (the decisions are the engine's)."""

    _inherit = "dist.replenishment.run"

    def _dist_submit_sellers(self, ctx):
        """Hand the vendors and purchase packagings of the segments'
        products to the run's reader (read while the classes settle)."""
        products = sorted({product for product, _wh in ctx.segments})
        ctx.submit(
            "sellers",
            SQL(
                CANDIDATES_QUERY,
                company=ctx.company.id,
                today=ctx.today,
                products=products,
            ),
        )
        ctx.submit(
            "packs",
            SQL(
                "SELECT product_id, MIN(qty)::float8 FROM product_packaging "
                "WHERE purchase AND qty > 0 AND product_id = ANY(%s) "
                "AND (company_id IS NULL OR company_id = %s) GROUP BY 1",
                products,
                ctx.company.id,
            ),
        )
        ctx.submitted()

    # ------------------------------------------------------------------
    # hooks
    # ------------------------------------------------------------------

    @api.model
    def _get_forecast_method(self, policy):
        """The function forecasting the next period's demand under `policy`
        (a dist.replenishment.policy's values): by default the method it
        names in the engine's registry (engine.forecasting)."""
        return forecasting.forecast_method(policy["forecast_method"])

    @api.model
    def _get_vendor_choice_weights(self, company):
        """The weights of price, lead time and grade when several vendors
        sell a product (engine.vendors.choose_vendor)."""
        return ChoiceWeights()

    # ------------------------------------------------------------------
    # levels
    # ------------------------------------------------------------------

    def _dist_read_policies(self, ctx):
        """The company's policies (archived ones too: segments may still
        name them) as engine records."""
        policies = {}
        for values in (
            self.env["dist.replenishment.policy"]
            .with_context(active_test=False)
            .search_read([("company_id", "=", ctx.company.id)], POLICY_FIELDS)
        ):
            policies[values["id"]] = Policy(
                values["id"],
                *(values[name] for name in POLICY_FIELDS),
                z=safety_stock.z_value(values["service_level"]),
                forecast=self._get_forecast_method(values),
            )
        return policies

    def _dist_compute_levels(self, ctx):
        """Forecast, vendor, lead time, safety stock, reorder point and max
        of every segment, by its policy."""
        cr = self.env.cr
        ctx.policies = self._dist_read_policies(ctx)
        ctx.choice_weights = self._get_vendor_choice_weights(ctx.company)
        sellers = ctx.reads.pop("sellers").result()
        ctx.packs = dict(ctx.reads.pop("packs").result())
        # vendors archived since are no candidates (read here, not in the
        # sellers statement: the run writes partners' grades)
        cr.execute(
            SQL(
                "SELECT id, name, active FROM res_partner WHERE id = ANY(%s)",
                sorted({row[2] for row in sellers if row[2]}),
            )
        )
        ctx.partner_names = {}
        active = set()
        for partner, name, is_active in cr.fetchall():
            ctx.partner_names[partner] = name
            if is_active:
                active.add(partner)
        ctx.suppliers = {}
        ctx.categories = {}
        for product, si, partner, min_qty, price, delay, categ in sellers:
            ctx.categories[product] = categ
            if si and partner in active:
                ctx.suppliers.setdefault(product, []).append(
                    Supplier(si, partner, min_qty or 0.0, price or 0.0, delay or 0)
                )
        self._dist_warehouses(ctx)
        ctx.vendor_choice = {}
        # (each segment on its own: their order does not matter here)
        for key, segment in ctx.segments.items():
            self._dist_segment_levels(ctx, key, segment)

    def _dist_choose_vendor(self, ctx, product_id):
        """The engine.records.VendorChoice of `product_id` (None without a
        vendor), once per product: see engine.vendors."""
        if product_id in ctx.vendor_choice:
            return ctx.vendor_choice[product_id]
        choice = ctx.vendor_choice[product_id] = choose_vendor(
            vendor_options(
                ctx.suppliers.get(product_id, ()),
                product_id,
                ctx.product_cards,
                ctx.vendor_cards,
                ctx.grades,
                ctx.min_receipts,
            ),
            ctx.choice_weights,
        )
        return choice

    def _dist_vendor_reason(self, ctx, choice):
        """Why the recommendation's vendor was chosen, in the buyer's words."""
        names = ctx.partner_names

        def describe(option):
            return ctx.text["vendor"] % {
                "vendor": names.get(option.supplier.partner_id, ""),
                "price": option.supplier.price,
                "lead": option.lead,
                "grade": (option.grade or "-").upper(),
            }

        if choice.kind == "better":
            return ctx.text["better"] % {
                "primary": describe(choice.primary),
                "detail": describe(choice.chosen),
            }
        return ctx.text[choice.kind] % {"detail": describe(choice.chosen)}

    def _dist_forecast(self, policy, segment):
        """The policy's forecast of the segment's next period, from its
        periods with demand (the history starts at its first demand)."""
        periods = segment.history_periods
        return policy.forecast(
            policy,
            periods,
            forecasting.history_points(periods, segment.ages, segment.demands),
        )

    def _dist_segment_levels(self, ctx, key, segment):
        product_id, _warehouse_id = key
        policy = ctx.policies[segment.policy_id]
        choice = self._dist_choose_vendor(ctx, product_id)
        if choice:
            segment.vendor_id = choice.supplier.partner_id
            segment.supplierinfo_id = choice.supplier.id
        else:
            segment.vendor_id = segment.supplierinfo_id = None
        levels = segment_levels(
            policy,
            self._dist_forecast(policy, segment),
            segment.demand_std,
            segment.cost,
            choice,
            ctx.packs.get(product_id, 0.0),
            ctx.period_days,
            ctx.holding_rate,
            ctx.order_cost,
        )
        (
            segment.forecast,
            segment.lead_time_days,
            segment.lead_time_std_days,
            segment.lead_time_source,
            segment.safety_stock,
            segment.reorder_point,
            segment.max_qty,
            segment.moq,
            segment.pack_multiple,
        ) = levels
        segment.mode = policy.mode

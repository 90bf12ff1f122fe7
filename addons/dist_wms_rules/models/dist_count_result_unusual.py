import statistics
from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL


def stats(values):
    """(count, mean, population standard deviation)."""
    if not values:
        return 0, 0.0, 0.0
    return len(values), statistics.fmean(values), statistics.pstdev(values)


class DistCountResult(models.Model):
    _inherit = "dist.count.result"

    def _dist_flag_unusual(self):
        """Adjustments far outside the product's or the counter's history
        (beyond mean + 3 standard deviations of its absolute variance value
        over the last year, with 5 and 10 past adjustments at least), or a
        product adjusted 3 times or more in 30 days in a warehouse, raise an
        exception for the warehouse manager."""
        moved = self.filtered(lambda r: r.variance_qty)
        if not moved:
            return
        cr = self.env.cr
        self.flush_model()
        cr.execute(
            SQL(
                """
                SELECT product_id, counted_by_id, warehouse_id,
                       ABS(variance_value)::float8, date
                  FROM dist_count_result
                 WHERE variance_qty <> 0
                   AND date >= %s
                   AND id <> ALL(%s)
                   AND (product_id = ANY(%s) OR counted_by_id = ANY(%s))
                """,
                fields.Datetime.subtract(fields.Datetime.now(), days=365),
                moved.ids,
                moved.product_id.ids,
                moved.counted_by_id.ids,
            )
        )
        by_product = defaultdict(list)
        by_counter = defaultdict(list)
        recent = defaultdict(int)
        month_ago = fields.Datetime.subtract(fields.Datetime.now(), days=30)
        for product, counter, warehouse, value, date in cr.fetchall():
            by_product[product].append(value)
            by_counter[counter].append(value)
            if date >= month_ago:
                recent[product, warehouse] += 1
        for result in moved:
            value = abs(result.variance_value)
            why = []
            count, mean, spread = stats(by_product[result.product_id.id])
            if count >= 5 and value > mean + 3 * spread:
                why.append(
                    self.env._(
                        "%(value)s against %(mean)s on average for this product",
                        value=round(value, 2),
                        mean=round(mean, 2),
                    )
                )
            count, mean, spread = stats(by_counter[result.counted_by_id.id])
            if count >= 10 and value > mean + 3 * spread:
                why.append(
                    self.env._(
                        "%(value)s against %(mean)s on average for %(counter)s",
                        value=round(value, 2),
                        mean=round(mean, 2),
                        counter=result.counted_by_id.name,
                    )
                )
            times = recent[result.product_id.id, result.warehouse_id.id] + 1
            if times >= 3:
                why.append(
                    self.env._("adjusted %(times)s times in 30 days", times=times)
                )
            if why:
                self.env["dist.exception"].raise_exception(
                    "unusual_adjustment",
                    result,
                    self.env._(
                        "Unusual adjustment of %(product)s in %(location)s "
                        "(%(qty)s, %(value)s): %(why)s.",
                        product=result.product_id.display_name,
                        location=result.location_id.display_name,
                        qty=result.variance_qty,
                        value=result.variance_value,
                        why="; ".join(why),
                    ),
                    company_id=result.company_id.id,
                    warehouse_id=result.warehouse_id.id,
                    product_id=result.product_id.id,
                )

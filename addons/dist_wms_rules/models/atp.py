"""Available-to-promise of sales lines, set-based.

For a product in a warehouse, what a new order can be promised by a date is

    on hand in the warehouse (its quarantine excluded)
    - what open deliveries leaving the warehouse already claim (reserved
      or not: first confirmed, first served)
    + receipts into the warehouse due by that date

Lines of one check draw on that in commitment-date order, so two lines of
the same product do not both count the same units. A line that cannot be
met by its commitment date gets the earliest date it can: the first
planned receipt that covers it, else today plus the primary vendor's lead
time (no date when nothing is planned and no vendor sells it).

Dates here are days of the warehouse's time zone: the commitment's day
there, receipts on the day they arrive there, today there. A promise holds
until its day ends.

Four queries whatever the number of lines.
"""

from collections import defaultdict
from datetime import timedelta

from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import local_day

OPEN_STATES = ("waiting", "confirmed", "partially_available", "assigned")

ON_HAND = """
    SELECT q.product_id, w.id, SUM(q.quantity)::float8
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id
      JOIN stock_warehouse w ON w.id = ANY(%(warehouses)s)
      JOIN stock_location v ON v.id = w.view_location_id
 LEFT JOIN stock_location qr ON qr.id = w.dist_quarantine_location_id
     WHERE q.product_id = ANY(%(products)s)
       AND l.usage = 'internal'
       AND l.parent_path LIKE v.parent_path || %(any)s
       AND (qr.id IS NULL OR l.parent_path NOT LIKE qr.parent_path || %(any)s)
     GROUP BY 1, 2
"""

# open moves crossing the warehouse's boundary, one way or the other
CROSSING = """
    SELECT m.product_id, w.id, m.date, m.product_qty::float8,
           src.parent_path LIKE v.parent_path || %(any)s AS leaving
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
      JOIN stock_warehouse w ON w.id = ANY(%(warehouses)s)
      JOIN stock_location v ON v.id = w.view_location_id
     WHERE m.product_id = ANY(%(products)s)
       AND m.state = ANY(%(states)s)
       AND (src.parent_path LIKE v.parent_path || %(any)s)
           <> (dst.parent_path LIKE v.parent_path || %(any)s)
       AND NOT m.id = ANY(%(exclude)s)
"""

PRIMARY_DELAY = """
    SELECT DISTINCT ON (pp.id) pp.id, s.delay
      FROM product_product pp
      JOIN product_supplierinfo s ON s.product_tmpl_id = pp.product_tmpl_id
     WHERE pp.id = ANY(%(products)s)
       AND (s.company_id IS NULL OR s.company_id = %(company)s)
       AND (s.product_id IS NULL OR s.product_id = pp.id)
     ORDER BY pp.id, s.sequence, s.id
"""


class Availability:
    """On hand, claims and planned receipts of some products in some
    warehouses, read once; `promise()` walks them line by line."""

    def __init__(self, env, company, products, warehouses, exclude_moves=()):
        self.env = env
        cr = env.cr
        params = {
            "products": sorted(products),
            "warehouses": sorted(warehouses),
            "states": list(OPEN_STATES),
            "exclude": list(exclude_moves),
            "company": company.id,
            "any": "%",
        }
        env["stock.quant"].flush_model()
        env["stock.move"].flush_model()
        env["stock.warehouse"].flush_model()
        self.base = defaultdict(float)
        # receipts count on the day they arrive in the warehouse's zone
        zones = {
            warehouse.id: warehouse._dist_tz()
            for warehouse in env["stock.warehouse"].browse(params["warehouses"])
        }
        cr.execute(SQL(ON_HAND, **params))
        for product, warehouse, quantity in cr.fetchall():
            self.base[product, warehouse] += quantity
        self.incoming = defaultdict(list)
        cr.execute(SQL(CROSSING, **params))
        for product, warehouse, date, quantity, leaving in cr.fetchall():
            if leaving:
                self.base[product, warehouse] -= quantity
            else:
                self.incoming[product, warehouse].append(
                    (local_day(date, zones[warehouse]), quantity)
                )
        for receipts in self.incoming.values():
            receipts.sort()
        cr.execute(SQL(PRIMARY_DELAY, **params))
        self.delay = dict(cr.fetchall())
        self.consumed = defaultdict(float)

    def promise(self, product, warehouse, quantity, commitment, today):
        """(source, available by the commitment day, earliest day) of
        `quantity` more units, which then count as claimed. `commitment`,
        `today` and the earliest day are days at the warehouse.

        source: "stock" (on hand net of claims covers it), "receipt"
        (planned receipts due by the commitment date complete it),
        "lead_time" (ordering from the primary vendor today arrives in
        time), or False (not by the commitment date)."""
        key = (product, warehouse)
        level = self.base[key] - self.consumed[key]
        from_stock = level
        later = []
        for date, incoming in self.incoming[key]:
            if date <= commitment:
                level += incoming
            else:
                later.append((date, incoming))
        available = level
        self.consumed[key] += quantity
        need = quantity - 1e-9
        if from_stock >= need:
            return "stock", available, commitment
        if available >= need:
            return "receipt", available, commitment
        candidates = []
        for date, incoming in later:
            level += incoming
            if level >= need:
                candidates.append(date)
                break
        if product in self.delay:
            arrival = today + timedelta(days=self.delay[product] or 0)
            if arrival <= commitment:
                return "lead_time", available, commitment
            candidates.append(arrival)
        return False, available, min(candidates) if candidates else None

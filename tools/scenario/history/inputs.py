"""Inputs of the SQL writer: the master data as TEMP tables, and the draws.

Randomness is a hash of (seed, stable keys), not a generator state, so the
result does not depend on the order PostgreSQL evaluates rows in.
"""

import io


def _copy(cr, table, columns, rows):
    """Create TEMP `table` (columns: [(name, type)]) and COPY `rows` into it."""
    cr.execute(f"DROP TABLE IF EXISTS {table}")
    cols = ", ".join(f"{name} {typ}" for name, typ in columns)
    cr.execute(f"CREATE TEMP TABLE {table} ({cols})")
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buf.seek(0)
    cr.copy_from(buf, table, columns=[name for name, _ in columns])
    cr.execute(f"ANALYZE {table}")


def load_inputs(cr, master):
    _copy(
        cr,
        "dist_gen_wh",
        [
            ("widx", "int"),
            ("id", "int"),
            ("company_id", "int"),
            ("stock_loc", "int"),
            ("in_type", "int"),
            ("out_type", "int"),
            ("out_rule", "int"),
            ("inv_loc", "int"),
            ("lpo", "float8"),
            ("buyer_uid", "int"),
        ],
        [
            (
                w["widx"],
                w["id"],
                w["company_id"],
                w["stock_loc_id"],
                w["in_type_id"],
                w["out_type_id"],
                w["out_rule_id"],
                w["inventory_loc_id"],
                w["lines_per_order"],
                next(
                    c["buyer_uid"]
                    for c in master.companies
                    if c["id"] == w["company_id"]
                ),
            )
            for w in master.warehouses
        ],
    )
    _copy(
        cr,
        "dist_gen_product",
        [
            ("pidx", "int"),
            ("product_id", "int"),
            ("uom_id", "int"),
            ("code", "text"),
            ("name", "text"),
            ("pattern", "text"),
            ("season", "text"),
            ("price", "numeric"),
            ("cost", "numeric"),
            ("base_qty", "float8"),
            ("cv", "float8"),
            ("pack", "int"),
            ("pack_id", "int"),
        ],
        [
            (
                p["pidx"],
                p["product_id"],
                p["uom_id"],
                p["code"],
                p["name"],
                p["pattern"],
                p["season"],
                p["price"],
                p["cost"],
                p["base_qty"],
                p["cv"],
                p["pack"],
                p["pack_id"],
            )
            for p in master.products
        ],
    )
    _copy(
        cr,
        "dist_gen_vendor",
        [
            ("vidx", "int"),
            ("partner_id", "int"),
            ("lead", "int"),
            ("order_dow", "int"),
            ("late", "float8"),
            ("late_days", "float8"),
            ("short", "float8"),
            ("early", "float8"),
        ],
        [
            (
                v["vidx"],
                v["partner_id"],
                v["lead"],
                v["order_dow"],
                v["late"],
                v["late_days"],
                v["short"],
                v["early"],
            )
            for v in master.vendors
        ],
    )
    _copy(
        cr,
        "dist_gen_customer",
        [
            ("company_id", "int"),
            ("cidx", "int"),
            ("partner_id", "int"),
            ("team_id", "int"),
            ("promise_days", "int"),
            ("price_factor", "numeric"),
            ("return_rate", "float8"),
        ],
        [
            (
                c["company_id"],
                c["cidx"],
                c["partner_id"],
                c["team_id"],
                c["promise_days"],
                c["price_factor"],
                0.05 if c["segment"] == "ecommerce" else 0.015,
            )
            for c in master.customers
        ],
    )
    # Weighted choice of a customer by one uniform draw: each company gets
    # `slots` slots shared out by weight, at least one per customer.
    slot_rows, slot_counts = [], {}
    by_company = {}
    for c in master.customers:
        by_company.setdefault(c["company_id"], []).append(c)
    for company_id, customers in by_company.items():
        total = sum(c["weight"] for c in customers)
        extra = 3 * len(customers)
        slot = 0
        for c in customers:
            share = 1 + int(extra * c["weight"] / total)
            for _ in range(share):
                slot_rows.append((company_id, slot, c["cidx"]))
                slot += 1
        slot_counts[company_id] = slot
    _copy(
        cr,
        "dist_gen_cslot",
        [("company_id", "int"), ("slot", "int"), ("cidx", "int")],
        slot_rows,
    )
    _copy(
        cr,
        "dist_gen_ccount",
        [("company_id", "int"), ("n_slots", "int")],
        list(slot_counts.items()),
    )
    _copy(
        cr,
        "dist_gen_pair",
        [
            ("pair_id", "int"),
            ("pidx", "int"),
            ("widx", "int"),
            ("rate", "float8"),
            ("review_days", "int"),
            ("vidx", "int"),
            ("alt_vidx", "int"),
            ("moq", "float8"),
            ("price", "numeric"),
            ("alt_price", "numeric"),
            ("new_since", "int"),
        ],
        [
            (
                p["pair_id"],
                p["pidx"],
                p["widx"],
                p["rate"],
                p["review_days"],
                p["vidx"],
                p["alt_vidx"],
                p["moq"],
                p["price"],
                p["alt_price"],
                p["new_since"],
            )
            for p in master.pairs
        ],
    )
    for table, key in (
        ("dist_gen_wh", "widx"),
        ("dist_gen_product", "pidx"),
        ("dist_gen_vendor", "vidx"),
        ("dist_gen_pair", "pair_id"),
    ):
        cr.execute(f"CREATE UNIQUE INDEX ON {table} ({key})")
    cr.execute("CREATE UNIQUE INDEX ON dist_gen_cslot (company_id, slot)")
    cr.execute("CREATE UNIQUE INDEX ON dist_gen_customer (company_id, cidx)")


def random_functions(cr, seed):
    """pg_temp.dist_u(a, b, c, purpose): a uniform draw in [0, 1)."""
    cr.execute(
        f"""
        CREATE OR REPLACE FUNCTION pg_temp.dist_u(
            a bigint, b bigint, c bigint, p bigint
        ) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT (hashint8extended(
                p # hashint8extended(
                    c # hashint8extended(b # hashint8extended(a, {int(seed)}),
                                         {int(seed)}),
                    {int(seed)}),
                {int(seed)}) & 4294967295)::float8 / 4294967296.0
        $$
        """
    )
    # a document number as ir.sequence writes it: zero-padded to at least
    # `pad` digits, never cut (lpad alone truncates longer numbers)
    cr.execute(
        """
        CREATE OR REPLACE FUNCTION pg_temp.dist_seq(n bigint, pad int)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT lpad(n::text, greatest(pad, length(n::text)), '0')
        $$
        """
    )
    # a standard normal draw from two uniforms (Box-Muller)
    cr.execute(
        """
        CREATE OR REPLACE FUNCTION pg_temp.dist_z(u1 float8, u2 float8)
        RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT sqrt(-2.0 * ln(greatest(u1, 1e-12))) * cos(2.0 * pi() * u2)
        $$
        """
    )


# --------------------------------------------------------------------------
# Staging: demand, orders, deliveries, returns, purchases, opening stock
# --------------------------------------------------------------------------

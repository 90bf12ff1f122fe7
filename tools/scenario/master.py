"""Master data of the scenario, created through the ORM in batches.

Companies, warehouses, sales channels, role users, the catalogue, vendors,
customers and vendor price lists are few enough (tens of thousands at most)
to go through Odoo's own `create`, so every default, sequence, location and
route is Odoo's. The movements, in the millions, are written by history.py.
"""

import logging
import math
import random
import time
from dataclasses import dataclass, field

from odoo import Command

from . import catalog

_logger = logging.getLogger(__name__)

NO_MAIL = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
BATCH = 1000


@dataclass
class Master:
    """What the history writer needs to know of the master data."""

    companies: list = field(default_factory=list)
    warehouses: list = field(default_factory=list)
    products: list = field(default_factory=list)
    vendors: list = field(default_factory=list)
    customers: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    customer_location_id: int = 0
    supplier_location_id: int = 0
    timings: list = field(default_factory=list)


def _batched(env_model, vals_list):
    records = env_model.browse()
    for start in range(0, len(vals_list), BATCH):
        records |= env_model.create(vals_list[start : start + BATCH])
    return records


def _weighted(rng, weights):
    """A key of `weights` drawn with their probabilities."""
    total = sum(weights.values())
    pick = rng.random() * total
    for key, weight in weights.items():
        pick -= weight
        if pick <= 0:
            return key
    return key


def build(env, scale):
    """Create the master data of `scale`; return a Master."""
    rng = random.Random(scale.seed)
    env = env(context=dict(env.context, **NO_MAIL))
    master = Master()
    master.customer_location_id = env.ref("stock.stock_location_customers").id
    master.supplier_location_id = env.ref("stock.stock_location_suppliers").id
    steps = [
        ("companies", lambda: _companies(env, master)),
        ("warehouses", lambda: _warehouses(env, master, scale)),
        ("sales teams", lambda: _teams(env, master)),
        ("role users", lambda: _users(env, master)),
        ("settings", lambda: _settings(env)),
        ("products", lambda: _products(env, master, scale, rng)),
        ("vendors", lambda: _vendors(env, master, scale, rng)),
        ("customers", lambda: _customers(env, master, scale, rng)),
        ("vendor price lists", lambda: _pairs_and_pricelists(env, master, rng)),
    ]
    for label, step in steps:
        t0 = time.monotonic()
        step()
        env.flush_all()
        master.timings.append((label, time.monotonic() - t0))
        _logger.info("scenario master %-20s %7.2fs", label, master.timings[-1][1])
    return master


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------


def _company_vals(env, spec):
    us = env.ref("base.us")
    state = env["res.country.state"].search(
        [("country_id", "=", us.id), ("code", "=", spec["state"])], limit=1
    )
    return {
        "name": spec["name"],
        "street": spec["street"],
        "city": spec["city"],
        "zip": spec["zip"],
        "state_id": state.id,
        "country_id": us.id,
        "currency_id": env.ref("base.USD").id,
        "email": f"{spec['key']}@meridian-distribution.example",
        "phone": "+1 555 0100",
        # no call to Odoo's partner-autocomplete service from a script
        "iap_enrich_auto_done": True,
    }


def _companies(env, master):
    chart = env["account.chart.template"]
    for index, spec in enumerate(catalog.COMPANIES):
        if index == 0:
            company = env.ref("base.main_company")
            company.write(_company_vals(env, spec))
            company.partner_id.tz = spec["tz"]
        else:
            company = env["res.company"].create(_company_vals(env, spec))
            company.partner_id.tz = spec["tz"]
        if not company.chart_template:
            chart.try_loading("generic_coa", company, install_demo=False)
        inventory_loc = env["stock.location"].search(
            [
                ("usage", "=", "inventory"),
                ("company_id", "=", company.id),
                ("scrap_location", "=", False),
            ],
            limit=1,
        )
        master.companies.append(
            {
                "key": spec["key"],
                "code": spec["code"],
                "id": company.id,
                "partner_id": company.partner_id.id,
                "inventory_loc_id": inventory_loc.id,
                "lines_per_order": spec["lines_per_order"],
                "tz": spec["tz"],
            }
        )
    # The administrator works in all of them.
    admin = env.ref("base.user_admin")
    admin.write(
        {
            "company_ids": [Command.set([c["id"] for c in master.companies])],
            "tz": catalog.COMPANIES[0]["tz"],
        }
    )


def _company(master, key):
    return next(c for c in master.companies if c["key"] == key)


def _warehouses(env, master, scale):
    chosen = catalog.WAREHOUSES[: scale.warehouses]
    Warehouse = env["stock.warehouse"]
    for widx, (company_key, code, name, size) in enumerate(chosen):
        company = _company(master, company_key)
        # each company came with a warehouse of its own: its first one
        existing = Warehouse.search(
            [("company_id", "=", company["id"])], order="id", limit=1
        )
        already = [w for w in master.warehouses if w["company_id"] == company["id"]]
        if existing and not already:
            existing.write({"name": name, "code": code})
            wh = existing
        else:
            wh = Warehouse.with_company(company["id"]).create(
                {
                    "name": name,
                    "code": code,
                    "company_id": company["id"],
                    "partner_id": company["partner_id"],
                }
            )
        out_rule = env["stock.rule"].search(
            [
                ("picking_type_id", "=", wh.out_type_id.id),
                ("location_src_id", "=", wh.lot_stock_id.id),
                ("action", "=", "pull"),
                ("route_id", "=", wh.delivery_route_id.id),
            ],
            limit=1,
        )
        master.warehouses.append(
            {
                "widx": widx,
                "id": wh.id,
                "code": code,
                "company_key": company_key,
                "company_id": company["id"],
                "stock_loc_id": wh.lot_stock_id.id,
                "in_type_id": wh.in_type_id.id,
                "out_type_id": wh.out_type_id.id,
                "in_seq_id": wh.in_type_id.sequence_id.id,
                "out_seq_id": wh.out_type_id.sequence_id.id,
                "in_prefix": wh.in_type_id.sequence_id.prefix,
                "out_prefix": wh.out_type_id.sequence_id.prefix,
                "out_rule_id": out_rule.id,
                "size": size,
                "inventory_loc_id": company["inventory_loc_id"],
                "lines_per_order": company["lines_per_order"],
            }
        )


def _teams(env, master):
    Team = env["crm.team"]
    for spec in catalog.COMPANIES:
        company = _company(master, spec["key"])
        company["teams"] = {}
        for team_key, team_name in spec["teams"]:
            team = Team.create({"name": team_name, "company_id": company["id"]})
            company["teams"][team_key] = team.id


def _users(env, master):
    """One user per role and company, login = password = role_company."""
    vals_list = []
    for company in master.companies:
        for role, label, group_xmlid in catalog.ROLES:
            login = f"{role}_{company['key']}"
            vals_list.append(
                {
                    "name": f"{label} ({company['code']})",
                    "login": login,
                    "password": login,
                    "email": f"{login}@meridian-distribution.example",
                    "company_id": company["id"],
                    "company_ids": [Command.set([company["id"]])],
                    "tz": company["tz"],
                    "groups_id": [
                        Command.set(
                            [env.ref("base.group_user").id, env.ref(group_xmlid).id]
                        )
                    ],
                }
            )
    vals_list.append(
        {
            "name": "Executive (group)",
            "login": "executive_group",
            "password": "executive_group",
            "email": "executive_group@meridian-distribution.example",
            "company_id": master.companies[0]["id"],
            "company_ids": [Command.set([c["id"] for c in master.companies])],
            "tz": master.companies[0]["tz"],
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("dist_governance.group_executive").id,
                    ]
                )
            ],
        }
    )
    users = env["res.users"].create(vals_list)
    master.users = {user.login: user.id for user in users}
    for company in master.companies:
        company["buyer_uid"] = master.users[f"buyer_{company['key']}"]


def _settings(env):
    """Settings a multi-warehouse distributor turns on."""
    internal = env.ref("base.group_user")
    groups = [
        "stock.group_stock_multi_locations",
        "stock.group_stock_multi_warehouses",
        "product.group_stock_packaging",
    ]
    internal.write(
        {"implied_ids": [Command.link(env.ref(xmlid).id) for xmlid in groups]}
    )


# --------------------------------------------------------------------------
# Catalogue, vendors, customers
# --------------------------------------------------------------------------


def _family_counts(n_products):
    counts = [max(1, round(n_products * fam["share"])) for fam in catalog.FAMILIES]
    # absorb rounding in the largest family
    biggest = max(range(len(counts)), key=lambda i: counts[i])
    counts[biggest] += n_products - sum(counts)
    return counts


def _products(env, master, scale, rng):
    all_categ = env.ref("product.product_category_all")
    parent = env["product.category"].create(
        {"name": "Distribution", "parent_id": all_categ.id}
    )
    categories = {}
    for fam in catalog.FAMILIES:
        categories[fam["code"]] = env["product.category"].create(
            {"name": fam["name"], "parent_id": parent.id}
        )
    uom_unit = env.ref("uom.product_uom_unit")
    other_patterns = ["smooth", "erratic", "intermittent", "lumpy"]
    vals_list, specs = [], []
    pidx = 0
    for fam, count in zip(
        catalog.FAMILIES, _family_counts(scale.products), strict=True
    ):
        for n in range(count):
            noun = fam["nouns"][n % len(fam["nouns"])]
            spec = fam["specs"][(n // len(fam["nouns"])) % len(fam["specs"])]
            finish = rng.choice(fam["finishes"])
            code = f"{fam['code']}-{pidx + 1:05d}"
            name = f"{noun} {spec} {finish}"
            low, high = fam["price"]
            price = round(math.exp(rng.uniform(math.log(low), math.log(high))), 2)
            cost = round(price * rng.uniform(0.55, 0.75), 2)
            pattern = fam["pattern"]
            if pattern not in ("seasonal", "new") and rng.random() < (
                catalog.PATTERN_NOISE
            ):
                pattern = rng.choice([p for p in other_patterns if p != pattern])
            qlow, qhigh = fam["qty"]
            base_qty = math.exp(rng.uniform(math.log(qlow), math.log(qhigh)))
            pack = rng.choice(fam["pack"]) if fam["pack"] and rng.random() < 0.7 else 1
            vals_list.append(
                {
                    "name": name,
                    "default_code": code,
                    "categ_id": categories[fam["code"]].id,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": price,
                    "standard_price": cost,
                    "uom_id": uom_unit.id,
                    "uom_po_id": uom_unit.id,
                    "invoice_policy": "delivery",
                    "purchase_method": "receive",
                    "taxes_id": [Command.set([])],
                    "supplier_taxes_id": [Command.set([])],
                    "weight": round(rng.uniform(0.05, 40.0), 2),
                    "sale_ok": True,
                    "purchase_ok": True,
                }
            )
            specs.append(
                {
                    "pidx": pidx,
                    "code": code,
                    "name": name,
                    "family": fam["code"],
                    "sourcing": fam["sourcing"],
                    "stocked_by": fam["stocked_by"],
                    "pattern": pattern,
                    "season": fam.get("season"),
                    "price": price,
                    "cost": cost,
                    "base_qty": round(base_qty, 2),
                    "cv": catalog.PATTERNS[pattern]["cv"],
                    "pack": pack,
                    "uom_id": uom_unit.id,
                    # heavy-tailed: a few items carry most of the lines
                    "popularity": min(30.0, rng.paretovariate(1.3)) / 3.2,
                }
            )
            pidx += 1
    products = _batched(env["product.product"], vals_list)
    # standard cost is company-dependent: the same cost in every entity
    env.flush_all()
    cost_json = (
        "jsonb_build_object("
        + ", ".join(f"'{c['id']}', %(cost)s" for c in master.companies)
        + ")"
    )
    packs = []
    for product, spec in zip(products, specs, strict=True):
        spec["product_id"] = product.id
        spec["tmpl_id"] = product.product_tmpl_id.id
        if spec["pack"] > 1:
            packs.append(
                {
                    "name": f"Carton of {spec['pack']}",
                    "product_id": product.id,
                    "qty": spec["pack"],
                    "purchase": True,
                    "sales": True,
                }
            )
    cr = env.cr
    from psycopg2.extras import execute_batch

    execute_batch(
        cr,
        f"UPDATE product_product SET standard_price = {cost_json} "
        "WHERE id = %(product_id)s",
        [{"cost": s["cost"], "product_id": s["product_id"]} for s in specs],
        page_size=1000,
    )
    env["product.product"].invalidate_model(["standard_price"])
    packagings = _batched(env["product.packaging"], packs)
    by_product = {p.product_id.id: p.id for p in packagings}
    for spec in specs:
        spec["pack_id"] = by_product.get(spec["product_id"])
    master.products = specs


def _vendors(env, master, scale, rng):
    n_overseas = max(2, round(scale.vendors * 0.45))
    vals_list, specs = [], []
    countries = {}
    for vidx in range(scale.vendors):
        sourcing = "overseas" if vidx < n_overseas else "domestic"
        country_code, cities = rng.choice(catalog.VENDOR_ORIGINS[sourcing])
        if country_code not in countries:
            countries[country_code] = env.ref(f"base.{country_code.lower()}").id
        city = rng.choice(cities)
        word = catalog.VENDOR_WORDS[vidx % len(catalog.VENDOR_WORDS)]
        kind = catalog.VENDOR_KINDS[(vidx // len(catalog.VENDOR_WORDS)) % 8]
        name = f"{word} {kind}"
        if vidx >= len(catalog.VENDOR_WORDS) * len(catalog.VENDOR_KINDS):
            name += f" {vidx + 1}"
        if sourcing == "overseas":
            name = f"{city} {name}"
            lead = rng.randint(35, 63)
        else:
            lead = rng.randint(3, 14)
        reliability = _weighted(
            rng, {k: v["share"] for k, v in catalog.RELIABILITY.items()}
        )
        vals_list.append(
            {
                "name": name,
                "is_company": True,
                "supplier_rank": 1,
                "country_id": countries[country_code],
                "city": city,
                "email": f"orders{vidx + 1}@vendor.example",
            }
        )
        specs.append(
            {
                "vidx": vidx,
                "sourcing": sourcing,
                "lead": lead,
                "reliability": reliability,
                "order_dow": rng.randint(1, 5),  # ISO weekday, Monday=1
                "price_factor": rng.uniform(0.95, 1.08),
                **{
                    k: v
                    for k, v in catalog.RELIABILITY[reliability].items()
                    if k != "share"
                },
            }
        )
    partners = _batched(env["res.partner"], vals_list)
    for partner, spec in zip(partners, specs, strict=True):
        spec["partner_id"] = partner.id
    master.vendors = specs


def _customers(env, master, scale, rng):
    Category = env["res.partner.category"]
    seg_parent = Category.create({"name": "Segment"})
    tier_parent = Category.create({"name": "Service tier"})
    seg_tags = {
        seg["code"]: Category.create({"name": seg["name"], "parent_id": seg_parent.id})
        for seg in catalog.SEGMENTS
    }
    tier_tags = {
        code: Category.create({"name": tier["name"], "parent_id": tier_parent.id})
        for code, tier in catalog.TIERS.items()
    }
    us = env.ref("base.us")
    vals_list, specs = [], []
    for seg in catalog.SEGMENTS:
        count = max(2, round(scale.customers * seg["share"]))
        for n in range(count):
            tier = _weighted(rng, seg["tiers"])
            town = rng.choice(catalog.CUSTOMER_TOWNS)
            if seg["code"] == "ecommerce":
                first = rng.choice(catalog.FIRST_NAMES)
                name = f"{first} {rng.choice(catalog.LAST_NAMES)}"
                is_company = False
            else:
                trade = rng.choice(catalog.CUSTOMER_TRADES[seg["code"]])
                suffix = rng.choice(catalog.CUSTOMER_SUFFIXES)
                name = f"{town} {trade} {suffix}"
                is_company = True
            vals_list.append(
                {
                    "name": f"{name} ({seg['code'][:3].upper()}{n + 1:04d})",
                    "is_company": is_company,
                    "customer_rank": 1,
                    "city": town,
                    "country_id": us.id,
                    "category_id": [
                        Command.set([seg_tags[seg["code"]].id, tier_tags[tier].id])
                    ],
                }
            )
            specs.append(
                {
                    "segment": seg["code"],
                    "tier": tier,
                    "promise_days": catalog.TIERS[tier]["promise_days"],
                    "price_factor": seg["price"],
                    "sold_by": seg["sold_by"],
                    "team": seg["team"],
                    # a few customers buy much more than the rest
                    "weight": rng.paretovariate(1.6),
                }
            )
    partners = _batched(env["res.partner"], vals_list)
    customers = []
    for company in master.companies:
        cidx = 0
        for partner, spec in zip(partners, specs, strict=True):
            if company["key"] not in spec["sold_by"]:
                continue
            team_key = spec["team"]
            team_id = company["teams"].get(team_key) or next(
                iter(company["teams"].values())
            )
            customers.append(
                {
                    "company_id": company["id"],
                    "cidx": cidx,
                    "partner_id": partner.id,
                    "team_id": team_id,
                    "tier": spec["tier"],
                    "promise_days": spec["promise_days"],
                    "price_factor": spec["price_factor"],
                    "weight": spec["weight"],
                    "segment": spec["segment"],
                }
            )
            cidx += 1
    master.customers = customers


# --------------------------------------------------------------------------
# Who stocks what, bought from whom
# --------------------------------------------------------------------------


def _pairs_and_pricelists(env, master, rng):
    by_sourcing = {"overseas": [], "domestic": []}
    for vendor in master.vendors:
        by_sourcing[vendor["sourcing"]].append(vendor)
    if not by_sourcing["overseas"]:
        by_sourcing["overseas"] = by_sourcing["domestic"]
    if not by_sourcing["domestic"]:
        by_sourcing["domestic"] = by_sourcing["overseas"]
    supplier_vals = []
    pairs = []
    wh_by_company = {}
    for wh in master.warehouses:
        wh_by_company.setdefault(wh["company_key"], []).append(wh)
    for product in master.products:
        stocked = []
        for company_key, whs in wh_by_company.items():
            chance = product["stocked_by"].get(company_key, 0.0)
            for wh in whs:
                if rng.random() < chance:
                    stocked.append(wh)
        if not stocked:
            fallback = wh_by_company.get("domestic") or master.warehouses
            stocked.append(fallback[product["pidx"] % len(fallback)])
        companies = sorted({wh["company_id"] for wh in stocked})
        vendors_by_company = {}
        for company_id in companies:
            pool = by_sourcing[product["sourcing"]]
            primary = rng.choice(pool)
            alternate = None
            if len(pool) > 1 and rng.random() < 0.25:
                alternate = rng.choice([v for v in pool if v is not primary])
            pack = product["pack"]
            moq = (
                pack * rng.choice([1, 2, 5]) if pack > 1 else rng.choice([1, 1, 5, 10])
            )
            prices = {}
            for sequence, vendor in ((1, primary), (2, alternate)):
                if not vendor:
                    continue
                prices[sequence] = round(
                    product["cost"]
                    * vendor["price_factor"]
                    * (1.0 if sequence == 1 else 1.04),
                    2,
                )
                supplier_vals.append(
                    {
                        "partner_id": vendor["partner_id"],
                        "product_tmpl_id": product["tmpl_id"],
                        "company_id": company_id,
                        "sequence": sequence,
                        "min_qty": moq,
                        "price": prices[sequence],
                        "delay": vendor["lead"],
                        "product_code": f"V{vendor['vidx'] + 1:03d}-"
                        f"{product['pidx'] + 1:05d}",
                    }
                )
            vendors_by_company[company_id] = (primary, alternate, moq, prices)
        pattern = catalog.PATTERNS[product["pattern"]]
        for wh in stocked:
            primary, alternate, moq, prices = vendors_by_company[wh["company_id"]]
            pairs.append(
                {
                    "pair_id": len(pairs) + 1,
                    "pidx": product["pidx"],
                    "widx": wh["widx"],
                    "rate": pattern["rate"] * wh["size"] * product["popularity"],
                    "review_days": pattern["review"],
                    "vidx": primary["vidx"],
                    "alt_vidx": alternate["vidx"] if alternate else None,
                    "moq": moq,
                    "price": prices[1],
                    "alt_price": prices.get(2),
                    "new_since": (
                        730 - rng.randint(45, 150) if product["pattern"] == "new" else 0
                    ),
                }
            )
    _batched(env["product.supplierinfo"], supplier_vals)
    master.pairs = pairs

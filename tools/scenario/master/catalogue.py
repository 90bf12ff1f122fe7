"""Products, vendors, customers, and who stocks what bought from whom."""

import math

from odoo import Command

from .. import catalog, organisation
from .helpers import batched, weighted


def _family_counts(n_products):
    counts = [max(1, round(n_products * fam["share"])) for fam in catalog.FAMILIES]
    # absorb rounding in the largest family
    biggest = max(range(len(counts)), key=lambda i: counts[i])
    counts[biggest] += n_products - sum(counts)
    return counts


def products(env, master, scale, rng):
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
    products = batched(env["product.product"], vals_list)
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
    packagings = batched(env["product.packaging"], packs)
    by_product = {p.product_id.id: p.id for p in packagings}
    for spec in specs:
        spec["pack_id"] = by_product.get(spec["product_id"])
    master.products = specs


def vendors(env, master, scale, rng):
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
        reliability = weighted(
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
    partners = batched(env["res.partner"], vals_list)
    for partner, spec in zip(partners, specs, strict=True):
        spec["partner_id"] = partner.id
    master.vendors = specs


def customers(env, master, scale, rng):
    Category = env["res.partner.category"]
    seg_parent = Category.create({"name": "Segment"})
    tier_parent = Category.create({"name": "Service tier"})
    seg_tags = {
        seg["code"]: Category.create({"name": seg["name"], "parent_id": seg_parent.id})
        for seg in organisation.SEGMENTS
    }
    tier_tags = {
        code: Category.create({"name": tier["name"], "parent_id": tier_parent.id})
        for code, tier in organisation.TIERS.items()
    }
    us = env.ref("base.us")
    vals_list, specs = [], []
    for seg in organisation.SEGMENTS:
        count = max(2, round(scale.customers * seg["share"]))
        for n in range(count):
            tier = weighted(rng, seg["tiers"])
            town = rng.choice(organisation.CUSTOMER_TOWNS)
            if seg["code"] == "ecommerce":
                first = rng.choice(organisation.FIRST_NAMES)
                name = f"{first} {rng.choice(organisation.LAST_NAMES)}"
                is_company = False
            else:
                trade = rng.choice(organisation.CUSTOMER_TRADES[seg["code"]])
                suffix = rng.choice(organisation.CUSTOMER_SUFFIXES)
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
                    "promise_days": organisation.TIERS[tier]["promise_days"],
                    "price_factor": seg["price"],
                    "sold_by": seg["sold_by"],
                    "team": seg["team"],
                    # a few customers buy much more than the rest
                    "weight": rng.paretovariate(1.6),
                }
            )
    partners = batched(env["res.partner"], vals_list)
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


def pairs_and_pricelists(env, master, rng):
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
    batched(env["product.supplierinfo"], supplier_vals)
    master.pairs = pairs

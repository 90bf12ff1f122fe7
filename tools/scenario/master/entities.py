"""Companies, warehouses, sales teams, role users and settings."""

from odoo import Command

from .. import organisation


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


def companies(env, master):
    chart = env["account.chart.template"]
    for index, spec in enumerate(organisation.COMPANIES):
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
            "tz": organisation.COMPANIES[0]["tz"],
        }
    )


def _company(master, key):
    return next(c for c in master.companies if c["key"] == key)


def warehouses(env, master, scale):
    chosen = organisation.WAREHOUSES[: scale.warehouses]
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


def teams(env, master):
    Team = env["crm.team"]
    for spec in organisation.COMPANIES:
        company = _company(master, spec["key"])
        company["teams"] = {}
        for team_key, team_name in spec["teams"]:
            team = Team.create({"name": team_name, "company_id": company["id"]})
            company["teams"][team_key] = team.id


def users(env, master):
    """One user per role and company, login = password = role_company."""
    vals_list = []
    for company in master.companies:
        for role, label, group_xmlid in organisation.ROLES:
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
                            [
                                env.ref(xmlid).id
                                for xmlid in (
                                    "base.group_user",
                                    group_xmlid,
                                    *organisation.GRANTS.get(role, ()),
                                )
                            ]
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


def settings(env):
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

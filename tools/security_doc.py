#!/usr/bin/env python3
"""Write the generated sections of docs/security.md from the addons' files.

    make security-doc                      # rewrite them
    python3 tools/security_doc.py --check  # exit 1, naming the sections, when
                                           # the file is out of date

Offline, standard library only, no database: it reads

- ``addons/*/security/*_groups.xml``: the roles, their names, what they
  imply (followed to any depth, through the few standard groups whose own
  chains matter here: STANDARD_IMPLIED);
- ``addons/*/security/ir.model.access.csv``: who may read, write, create,
  delete each model;
- the ``ir.rule`` records of ``addons/*/security/*.xml``: which records;
- the ``dist.sod.duty`` and ``dist.sod.rule`` records of ``addons/*/data``
  and SHIPPED_PAIRS of ``addons/*/models/dist_sod_rule.py``: the duties of
  segregation of duties and the conflicting pairs shipped;
- the ``auditlog.rule`` records of ``addons/*/data``: what the change log
  records;
- ``_name``/``_inherit`` in the addons' Python files: model names;
- GUARDS and ALLOWED of
  ``tests/test_security_public_methods.py`` (their
  literal assignments only, nothing else of the test is run): every public
  method of the suite, its guard and the low roles it is open to.

Each section sits between ``<!-- security-doc:begin NAME -->`` and
``<!-- security-doc:end NAME -->``; the text outside the markers is written
by hand and left as it is. tests/test_security_doc.py fails when the file
differs from what this script writes.
"""

import argparse
import ast
import csv
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADDONS = REPO / "addons"
DOC = REPO / "docs" / "security.md"
ADDON_ORDER = (
    "dist_governance",
    "dist_purchase_policy",
    "dist_wms_rules",
    "dist_helpdesk_cases",
    "dist_finance_controls",
    "dist_purchase_wms",
    "dist_helpdesk_wms",
)
# the roles, in the order of docs/roles/README.md; the page is
# docs/roles/<name without group_>.md
ROLES = (
    "dist_purchase_policy.group_buyer",
    "dist_purchase_policy.group_purchasing_manager",
    "dist_wms_rules.group_warehouse_operator",
    "dist_wms_rules.group_warehouse_manager",
    "dist_helpdesk_cases.group_service_agent",
    "dist_helpdesk_cases.group_service_manager",
    "dist_finance_controls.group_ap_clerk",
    "dist_finance_controls.group_credit_controller",
    "dist_finance_controls.group_finance_controller",
    "dist_governance.group_process_owner",
    "dist_governance.group_governance_controller",
    "dist_governance.group_executive",
)
ROLE_SHORT = {
    "dist_purchase_policy.group_buyer": "Buyer",
    "dist_purchase_policy.group_purchasing_manager": "Purch. mgr",
    "dist_wms_rules.group_warehouse_operator": "WH operator",
    "dist_wms_rules.group_warehouse_manager": "WH mgr",
    "dist_helpdesk_cases.group_service_agent": "Agent",
    "dist_helpdesk_cases.group_service_manager": "Service mgr",
    "dist_finance_controls.group_ap_clerk": "AP clerk",
    "dist_finance_controls.group_credit_controller": "Credit ctl",
    "dist_finance_controls.group_finance_controller": "Finance ctl",
    "dist_governance.group_process_owner": "Process owner",
    "dist_governance.group_governance_controller": "Controller",
    "dist_governance.group_executive": "Executive",
}
# Odoo's and OCA's groups the suite's files name, as their screens call
# them, and the chains between them that Odoo's own files declare
STANDARD_NAMES = {
    "base.group_user": "Internal user",
    "base.group_system": "Settings administrator",
    "base.group_partner_manager": "Contact creation",
    "purchase.group_purchase_user": "Purchase: User",
    "purchase.group_purchase_manager": "Purchase: Administrator",
    "stock.group_stock_user": "Inventory: User",
    "stock.group_stock_manager": "Inventory: Administrator",
    "sales_team.group_sale_salesman": "Sales: User (own documents)",
    "sales_team.group_sale_salesman_all_leads": "Sales: User (all documents)",
    "helpdesk_mgmt.group_helpdesk_user": "Helpdesk: User (all tickets)",
    "helpdesk_mgmt.group_helpdesk_manager": "Helpdesk: Manager",
    "auditlog.group_auditlog_user": "Auditlog: User (reads the change log)",
}
STANDARD_IMPLIED = {
    "purchase.group_purchase_manager": {"purchase.group_purchase_user"},
    "stock.group_stock_manager": {"stock.group_stock_user"},
    "sales_team.group_sale_salesman_all_leads": {"sales_team.group_sale_salesman"},
    "helpdesk_mgmt.group_helpdesk_manager": {"helpdesk_mgmt.group_helpdesk_user"},
}
PERMS = ("read", "write", "create", "unlink")
REF = re.compile(r"ref\(\s*['\"]([\w.]+)['\"]\s*\)")
MODEL_NAME = re.compile(r"^\s+_(?:name|inherit)\s*=\s*['\"]([\w.]+)['\"]", re.M)
BEGIN = "<!-- security-doc:begin {} -->"
END = "<!-- security-doc:end {} -->"


def _qualify(xmlid, addon):
    return xmlid if "." in xmlid else f"{addon}.{xmlid}"


def _addons():
    return [a for a in ADDON_ORDER if (ADDONS / a).is_dir()]


def _records(addon, folder, model):
    """(xml id, {field: element}) of the `model` records in addon/folder."""
    for path in sorted((ADDONS / addon / folder).glob("*.xml")):
        for rec in ET.parse(path).getroot().iter("record"):
            if rec.get("model") == model:
                fields = {f.get("name"): f for f in rec.iter("field")}
                yield _qualify(rec.get("id"), addon), fields


def _refs(field, addon):
    if field is None:
        return []
    text = field.get("ref") or field.get("eval") or ""
    if field.get("ref"):
        return [_qualify(text, addon)]
    return [_qualify(x, addon) for x in REF.findall(text)]


def _text(field):
    return " ".join((field.text or "").split()) if field is not None else ""


def _bool(field, default):
    if field is None:
        return default
    value = (field.get("eval") or field.text or "").strip()
    return value not in ("False", "0", "")


def model_names():
    """{model xml id: model name} for the models the addons define or extend."""
    names = {}
    for path in ADDONS.glob("*/**/*.py"):
        for name in MODEL_NAME.findall(path.read_text(encoding="utf-8")):
            names.setdefault("model_" + name.replace(".", "_"), name)
    return names


def _model(xmlid, names):
    local = xmlid.split(".", 1)[-1]
    return names.get(local) or local.removeprefix("model_").replace("_", ".")


def groups():
    """{xml id: (name, implied xml ids, comment)} of the suite's groups."""
    result = {}
    for addon in _addons():
        for xmlid, fields in _records(addon, "security", "res.groups"):
            name = _text(fields.get("name"))
            implied = _refs(fields.get("implied_ids"), addon)
            if xmlid in result:  # an inherited group (base.group_system)
                old = result[xmlid]
                result[xmlid] = (old[0], old[1] + implied, old[2])
            else:
                result[xmlid] = (name, implied, _text(fields.get("comment")))
    return result


def closure(group, all_groups):
    """`group` and every group it implies, to any depth."""
    seen, todo = set(), [group]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += all_groups.get(current, ("", [], ""))[1]
        todo += sorted(STANDARD_IMPLIED.get(current, ()))
    return seen


def label(group, all_groups):
    if group in ROLE_SHORT:
        return all_groups[group][0]
    if group in STANDARD_NAMES:
        return STANDARD_NAMES[group]
    if group in all_groups and all_groups[group][0]:
        return all_groups[group][0]
    return f"`{group}`"


def access_lines():
    """[(addon, model xml id, group xml id or '', perms set)]"""
    lines = []
    for addon in _addons():
        path = ADDONS / addon / "security" / "ir.model.access.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                perms = {p for p in PERMS if row[f"perm_{p}"].strip() == "1"}
                group = row["group_id:id"].strip()
                lines.append(
                    (
                        addon,
                        _qualify(row["model_id:id"].strip(), addon),
                        _qualify(group, addon) if group else "",
                        perms,
                    )
                )
    return lines


def _perm_cell(perms):
    """`rwcd`: read, write, create, delete; a dash for each refused."""
    return "".join(
        letter if p in perms else "-" for p, letter in zip(PERMS, "rwcd", strict=True)
    )


def _cell(text):
    return text.replace("|", "\\|")


def section_roles(all_groups, duties):
    rows = [
        "| Role | What the role does (the group's description) | Includes "
        "| Duties held | Page |",
        "|---|---|---|---|---|",
    ]
    for role in ROLES:
        if role not in all_groups:
            continue
        name, implied, comment = all_groups[role]
        held = closure(role, all_groups)
        includes = ", ".join(
            label(g, all_groups)
            for g in implied
            if g != "dist_governance.group_dist_user"
        )
        duty_names = ", ".join(d["name"] for d in duties if held & set(d["groups"]))
        page = role.split(".", 1)[1].removeprefix("group_")
        rows.append(
            f"| {name} (`{role}`) | {_cell(comment)} | {includes or '-'} | "
            f"{duty_names or '-'} | [{page}.md](roles/{page}.md) |"
        )
    return rows


def sod_duties():
    duties = []
    for addon in _addons():
        for xmlid, fields in _records(addon, "data", "dist.sod.duty"):
            duties.append(
                {
                    "xmlid": xmlid,
                    "code": _text(fields.get("code")),
                    "name": _text(fields.get("name")),
                    "groups": _refs(fields.get("group_ids"), addon),
                }
            )
    return duties


def sod_rules(duties):
    names = {d["xmlid"]: d["name"] for d in duties}
    pairs = []
    for addon in _addons():
        for _xmlid, fields in _records(addon, "data", "dist.sod.rule"):
            a = _refs(fields.get("duty_a_id"), addon)
            b = _refs(fields.get("duty_b_id"), addon)
            pairs.append(
                (
                    names.get(a[0], a[0]) if a else "?",
                    names.get(b[0], b[0]) if b else "?",
                    _text(fields.get("reason")),
                )
            )
        # pairs every company starts with: SHIPPED_PAIRS of
        # models/dist_sod_rule.py, a literal list of (duty, duty, reason)
        source = ADDONS / addon / "models" / "dist_sod_rule.py"
        if source.exists():
            for node in ast.parse(source.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Assign) and any(
                    getattr(t, "id", None) == "SHIPPED_PAIRS" for t in node.targets
                ):
                    for a, b, reason in ast.literal_eval(node.value):
                        pairs.append((names.get(a, a), names.get(b, b), reason))
    return pairs


def section_duties(all_groups, duties):
    rows = [
        "| Duty | Code | Held through | Roles that hold it |",
        "|---|---|---|---|",
    ]
    for duty in sorted(duties, key=lambda d: d["name"]):
        roles = ", ".join(
            all_groups[r][0]
            for r in ROLES
            if r in all_groups and closure(r, all_groups) & set(duty["groups"])
        )
        through = ", ".join(label(g, all_groups) for g in duty["groups"])
        rows.append(
            f"| {duty['name']} | `{duty['code']}` | {through} | "
            f"{roles or 'none of the roles: granted on its own'} |"
        )
    pairs = sod_rules(duties)
    rows.append("")
    if pairs:
        rows.append(
            "Conflicting pairs every company starts with (a controller may "
            "archive one, or waive it for a user):"
        )
        rows.append("")
        rows += ["| Duty | Conflicts with | Why |", "|---|---|---|"]
        rows += [f"| {a} | {b} | {_cell(why)} |" for a, b, why in pairs]
    else:
        rows.append("The addons ship no conflicting pair (no `dist.sod.rule` data).")
    return rows


def section_access(all_groups, names):
    closures = {r: closure(r, all_groups) for r in ROLES if r in all_groups}
    roles = list(closures)
    rows = []
    by_addon = {}
    for addon, model, group, perms in access_lines():
        by_addon.setdefault(addon, {}).setdefault(model, []).append((group, perms))
    for addon in _addons():
        if addon not in by_addon:
            continue
        rows += [
            f"### {addon}",
            "",
            "| Model | "
            + " | ".join(ROLE_SHORT[r] for r in roles)
            + " | Also to (not a role) |",
            "|---|" + "---|" * (len(roles) + 1),
        ]
        models = sorted(by_addon[addon].items(), key=lambda m: _model(m[0], names))
        for model, lines in models:
            cells = []
            for role in roles:
                granted = set()
                for group, perms in lines:
                    if not group or group in closures[role]:
                        granted |= perms
                cells.append(f"`{_perm_cell(granted)}`")
            others = [
                f"{label(g or 'everyone', all_groups)} `{_perm_cell(p)}`"
                for g, p in lines
                if g not in all_groups or not all_groups[g][0]
            ]
            rows.append(
                f"| `{_model(model, names)}` | "
                + " | ".join(cells)
                + f" | {', '.join(others) or '-'} |"
            )
        rows.append("")
    return rows[:-1]


def section_rules(all_groups, names):
    rows = []
    for addon in _addons():
        rules = list(_records(addon, "security", "ir.rule"))
        if not rules:
            continue
        rows += [
            f"### {addon}",
            "",
            "| Model | Rule | Whose | Records allowed | On |",
            "|---|---|---|---|---|",
        ]
        for _xmlid, fields in rules:
            model = _model(_refs(fields.get("model_id"), addon)[0], names)
            rule_groups = _refs(fields.get("groups"), addon)
            who = (
                ", ".join(label(g, all_groups) for g in rule_groups)
                if rule_groups
                else "everyone (global)"
            )
            limits = _perm_cell(
                {p for p in PERMS if _bool(fields.get(f"perm_{p}"), True)}
            )
            domain = _text(fields.get("domain_force")) or "[]"
            rows.append(
                f"| `{model}` | {_cell(_text(fields.get('name')))} | {who} | "
                f"`{_cell(domain)}` | `{limits}` |"
            )
        rows.append("")
    return rows[:-1]


def section_audit(names):
    rows = [
        "| Rule | Model | Logs | Fields |",
        "|---|---|---|---|",
    ]
    for addon in _addons():
        for _xmlid, fields in _records(addon, "data", "auditlog.rule"):
            model = _model(_refs(fields.get("model_id"), addon)[0], names)
            logs = [
                word
                for key, word in (
                    ("log_create", "create"),
                    ("log_write", "write"),
                    ("log_unlink", "delete"),
                    ("log_read", "read"),
                    ("log_export_data", "export"),
                )
                if _bool(fields.get(key), False)
            ]
            field_refs = _refs(fields.get("dist_field_ids"), addon)
            logged = ", ".join(f"`{r.rsplit('__', 1)[-1]}`" for r in field_refs)
            rows.append(
                f"| {_text(fields.get('name'))} | `{model}` | {', '.join(logs)} | "
                f"{logged or 'every stored field'} |"
            )
    return rows


PUBLIC_METHODS = REPO / "tests" / "test_security_public_methods.py"
ROLE_ORDER = ("buyer", "operator", "agent", "internal", "portal")


def public_methods():
    """(GUARDS, ALLOWED) of the public-method test: its top-level literal
    assignments are evaluated with no builtins but frozenset."""
    tree = ast.parse(PUBLIC_METHODS.read_text(encoding="utf-8"))
    namespace = {"__builtins__": {}, "frozenset": frozenset}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            code = compile(ast.Module([node], []), str(PUBLIC_METHODS), "exec")
            # only the literal assignments of our own test file
            exec(code, namespace)
    return namespace["GUARDS"], namespace["ALLOWED"]


def section_public_methods():
    guards, allowed = public_methods()
    rows = [
        "| Model | Method | Guard | Low roles it is open to, and why |",
        "|---|---|---|---|",
    ]
    for model, method in sorted(guards):
        roles, reason = allowed.get((model, method), ((), ""))
        open_to = ", ".join(r for r in ROLE_ORDER if r in roles)
        cell = f"{open_to}: {reason}" if open_to else "none"
        guard = guards[(model, method)].replace("|", "/")
        rows.append(f"| `{model}` | `{method}` | {guard} | {cell.replace('|', '/')} |")
    return rows


def sections():
    """{section name: its generated lines}"""
    all_groups = groups()
    names = model_names()
    duties = sod_duties()
    return {
        "roles": section_roles(all_groups, duties),
        "duties": section_duties(all_groups, duties),
        "access": section_access(all_groups, names),
        "record-rules": section_rules(all_groups, names),
        "audit-rules": section_audit(names),
        "public-methods": section_public_methods(),
    }


def render(text, generated):
    """`text` with every marked section replaced by its generated lines;
    raises ValueError when a marker is missing."""
    for name, lines in generated.items():
        begin, end = BEGIN.format(name), END.format(name)
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise ValueError(f"{DOC.relative_to(REPO)} has no {begin} ... {end}")
        body = "\n".join([begin, *lines, end])
        text = pattern.sub(lambda _m, body=body: body, text, count=1)
    return text


def stale_sections(text, generated):
    """Names of the sections of `text` that differ from `generated`."""
    return [name for name in generated if render(text, {name: generated[name]}) != text]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="security_doc.py")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    generated = sections()
    new = render(text, generated)
    if args.check:
        stale = stale_sections(text, generated)
        if stale:
            print(
                f"{DOC.relative_to(REPO)} is out of date ({', '.join(stale)}): "
                "run make security-doc"
            )
            return 1
        return 0
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"{DOC.relative_to(REPO)} rewritten")
    else:
        print(f"{DOC.relative_to(REPO)} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

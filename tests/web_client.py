"""What the web client does when a user opens a menu or an action, server side.

The role tests use it to walk every menu a role user sees, and to open the
records a button returns, the way the browser would: load the action as
/web/action/load does, evaluate its domain and context, fetch its views with
``get_views`` (the arch comes back already stripped of what the user's groups
may not see), build the field specification the views read, and read the
records with ``web_search_read`` / ``web_read`` / ``web_read_group`` as that
user. An access error anywhere on that path is what the user would see as a
red dialog.
"""

from lxml import etree

from odoo.tools import safe_eval as safe_eval_module
from odoo.tools.safe_eval import safe_eval

# window actions open these view types with records to read
_RECORD_VIEWS = ("list", "kanban", "form", "calendar", "activity")
_GROUPED_VIEWS = ("pivot", "graph")
_SUBVIEWS = ("list", "kanban", "form")


def eval_context(env, active_id=None):
    """What the web client evaluates action domains and contexts with."""
    user = env.user
    return {
        "uid": env.uid,
        "user": user,
        "allowed_company_ids": env.companies.ids,
        "current_company_id": env.company.id,
        "context_today": lambda: safe_eval_module.datetime.date.today(),
        "datetime": safe_eval_module.datetime,
        "time": safe_eval_module.time,
        "relativedelta": safe_eval_module.dateutil.relativedelta.relativedelta,
        "active_id": active_id,
        "active_ids": [active_id] if active_id else [],
        "active_model": None,
        "context": dict(env.context),
        "tz": user.tz,
    }


def _evaluated(env, value, active_id=None):
    if not value:
        return {} if value is None or value == "{}" else value
    if isinstance(value, str):
        return safe_eval(value, eval_context(env, active_id))
    return value


def _node_spec(env, model, node):
    """The specification of the fields a view node reads on `model`."""
    spec = {}
    Model = env[model]
    for field_node in node.iter("field"):
        # only this level: fields of nested subviews belong to the comodel
        parent = field_node.getparent()
        nested = False
        while parent is not None and parent is not node:
            if parent.tag in _SUBVIEWS or parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        name = field_node.get("name")
        field = Model._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = next(
                (child for child in field_node if child.tag in ("list", "kanban")),
                None,
            )
            spec[name] = {
                "fields": _node_spec(env, field.comodel_name, sub)
                if sub is not None
                else {"display_name": {}}
            }
            spec[name]["fields"].setdefault("display_name", {})
        else:
            spec[name] = {}
    return spec


def open_window_action(env, action, active_id=None, limit=40):
    """Open a window action as env's user: views, then records of its first
    view (and the form of the first record). Returns the records read."""
    model = action["res_model"]
    context = dict(env.context, **_evaluated(env, action.get("context"), active_id))
    domain = _evaluated(env, action.get("domain"), active_id) or []
    Model = env[model].with_context(context)
    views = [list(view) for view in action.get("views") or []]
    if not views:
        views = [[False, mode] for mode in action.get("view_mode", "list").split(",")]
    views = [
        [view_id or False, "list" if mode == "tree" else mode]
        for view_id, mode in views
    ]
    if not any(mode == "search" for _, mode in views):
        views.append(
            [action.get("search_view_id") and action["search_view_id"][0], "search"]
        )
    result = Model.get_views(views, {"load_filters": True, "toolbar": True})
    archs = {
        mode: etree.fromstring(result["views"][mode]["arch"])
        for mode in result["views"]
    }
    first = views[0][1]
    res_id = action.get("res_id")
    records = Model.browse()
    if first == "form" or res_id:
        spec = _node_spec(env, model, archs["form"])
        if res_id:
            Model.browse(res_id).web_read(spec)
            records = Model.browse(res_id)
        else:
            Model.onchange({}, [], {**spec})
        return records
    if first in _RECORD_VIEWS:
        spec = _node_spec(env, model, archs[first])
        group_by = context.get("group_by")
        if group_by:
            group_by = [group_by] if isinstance(group_by, str) else list(group_by)
            Model.web_read_group(domain, list(spec), group_by, limit=limit)
        data = Model.web_search_read(domain, spec, limit=limit)
        records = Model.browse([row["id"] for row in data["records"]])
    elif first in _GROUPED_VIEWS:
        Model.read_group(domain, ["__count"], [], lazy=False)
        records = Model.search(domain, limit=limit)
    if records and "form" in archs:
        records[:1].web_read(_node_spec(env, model, archs["form"]))
    return records


def load_action(env, action_ref):
    """The action dict /web/action/load gives the user: `action_ref` is
    "ir.actions.act_window,42" (a menu's action) or an action record."""
    if isinstance(action_ref, str):
        action_model, action_id = action_ref.split(",")
        action = env[action_model].browse(int(action_id))
    else:
        action = action_ref
    # sudo: the web client loads every action record this way; what the
    # user may do with it is checked when it is opened
    action = action.sudo()
    if action._name == "ir.actions.act_window":
        return action._get_action_dict()
    return action.read()[0]


def user_env(env, user):
    """An environment of `user` as the web client gives it: their companies
    selected, their language and time zone. Each starts a new request:
    what was computed for another user is flushed and not cached."""
    env.flush_all()
    env.invalidate_all()
    return env(
        user=user,
        context={
            "allowed_company_ids": user.company_ids.ids,
            "lang": "en_US",
            "tz": user.tz,
        },
    )

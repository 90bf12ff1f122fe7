"""The names users know for the suite's technical values."""


def app_names(env, technical_names):
    """{addon technical name: the app's name as the Apps screen shows it}
    (dist_governance -> Distribution Governance); a name no installed
    addon has is kept as it is."""
    names = {name for name in technical_names if name}
    if not names:
        return {}
    # sudo: an addon's public title, read for whoever sees what it raised
    modules = env["ir.module.module"].sudo().search([("name", "in", list(names))])
    found = {module.name: module.shortdesc for module in modules}
    return {name: found.get(name) or name for name in names}


def model_names(env, models):
    """{model: its description (Purchase Order, Transfer...)} of the models
    installed (one no longer installed is left out)."""
    return {model: env[model]._description for model in models if model in env}

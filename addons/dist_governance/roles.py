"""The role check of the suite's public methods.

A method callable over RPC that acts with more rights than its caller
(``sudo()``, SQL) first checks that the caller holds the role the action is
meant for; ACLs and record rules do not stand in for it, since the method
steps around them. The system itself (``env.su``: scheduled actions, the mail
gateway, server code that already checked) always passes.
"""

from odoo.exceptions import AccessError


def check_role(env, action, *group_xmlids):
    """Refuse `action` (a phrase such as "run the replenishment now")
    unless the environment is the system's or its user holds one of
    `group_xmlids`; the refusal names the roles it takes."""
    if env.su:
        return
    user = env.user
    if any(user.has_group(xmlid) for xmlid in group_xmlids):
        return
    roles = [env.ref(xmlid, raise_if_not_found=False) for xmlid in group_xmlids]
    raise AccessError(
        env._(
            "%(user)s cannot %(action)s: it takes the %(roles)s role.",
            user=user.name,
            action=action,
            roles=env._(" or ").join(role.sudo().name for role in roles if role)
            or ", ".join(group_xmlids),
        )
    )

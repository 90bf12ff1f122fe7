"""The one route by which tier reviews may change.

OCA's ``tier.review`` access line lets every internal user write reviews, so a
plain RPC ``write({'status': 'approved'})`` would approve a document. The suite
keeps that access line (the tier validation flows run as the user) and instead
marks its own code paths with a context value that cannot travel over RPC: a
Python object, which JSON can neither carry nor forge.
"""

REVIEW_ROUTE = object()
CONTEXT_KEY = "dist_review_route"


def on_review_route(env):
    """Is this environment inside one of the suite's review code paths?"""
    return env.su or env.context.get(CONTEXT_KEY) is REVIEW_ROUTE


def review_route(records):
    """`records` with the context that lets them change tier reviews."""
    return records.with_context(**{CONTEXT_KEY: REVIEW_ROUTE})


# The route by which a governed document's status moves: its own buttons
# (confirm, approve, lock, cancel...), marked as the review route is. A plain
# RPC ``write({'state': ...})`` is not on it and is refused.
STATE_ROUTE = object()
STATE_CONTEXT_KEY = "dist_state_route"


def on_state_route(env):
    """Is this environment inside one of a document's own state-moving
    methods (or the superuser's)?"""
    return env.su or env.context.get(STATE_CONTEXT_KEY) is STATE_ROUTE


def state_route(records):
    """`records` with the context that lets their own code move their status."""
    return records.with_context(**{STATE_CONTEXT_KEY: STATE_ROUTE})

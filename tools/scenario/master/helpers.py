"""Batched creation and weighted draws used by the master-data steps."""

NO_MAIL = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
BATCH = 1000


def batched(env_model, vals_list):
    records = env_model.browse()
    for start in range(0, len(vals_list), BATCH):
        records |= env_model.create(vals_list[start : start + BATCH])
    return records


def weighted(rng, weights):
    """A key of `weights` drawn with their probabilities."""
    total = sum(weights.values())
    pick = rng.random() * total
    for key, weight in weights.items():
        pick -= weight
        if pick <= 0:
            return key
    return key

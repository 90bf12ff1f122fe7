"""Which vendor a product is bought from."""

from .records import ChoiceWeights, VendorChoice, VendorOption

GRADE_POINTS = {"a": 1.0, "b": 0.75, "c": 0.5, "d": 0.0, None: 0.6}
DEFAULT_CHOICE_WEIGHTS = ChoiceWeights()


def vendor_options(suppliers, product_id, product_cards, vendor_cards, grades, minimum):
    """A VendorOption per supplier of `product_id`, in price-list order:
    the lead time measured for the vendor and product, else for the vendor
    (each from `minimum` receipts), else the promised delay."""
    options = []
    for supplier in suppliers:
        partner = supplier.partner_id
        card = product_cards.get((partner, product_id))
        if card and card.receipt_count >= minimum:
            lead, spread, source = card.lead_mean_days, card.lead_std_days, "product"
        else:
            card = vendor_cards.get(partner)
            if card and card.receipt_count >= minimum:
                lead, spread, source = (
                    card.lead_mean_days,
                    card.lead_std_days,
                    "vendor",
                )
            else:
                lead, spread, source = float(supplier.delay), 0.0, "promised"
        options.append(
            VendorOption(supplier, lead, spread, source, grades.get(partner))
        )
    return options


def option_score(price, best_price, lead, best_lead, grade, weights):
    """How an option compares with the cheapest price and the shortest lead
    time among the product's options, and by its vendor's grade: 1 is best
    on all three (an unknown price or lead time counts as the best)."""
    return (
        weights.price * (best_price / price if price > 0 and best_price else 1.0)
        + weights.lead_time * (best_lead / lead if lead > 0 and best_lead else 1.0)
        + weights.grade * GRADE_POINTS[grade]
    )


def choose_vendor(options, weights=DEFAULT_CHOICE_WEIGHTS):
    """The VendorChoice among `options` (price-list order), None without
    any: the best score (to 6 decimals) wins, the primary (first) one on a
    tie; a single option is chosen without scoring."""
    if not options:
        return None
    primary = best = options[0]
    if len(options) > 1:
        best_price = min(
            (o.supplier.price for o in options if o.supplier.price > 0), default=0
        )
        best_lead = min((o.lead for o in options if o.lead > 0), default=0)
        options = [
            option._replace(
                score=option_score(
                    option.supplier.price,
                    best_price,
                    option.lead,
                    best_lead,
                    option.grade,
                    weights,
                )
            )
            for option in options
        ]
        primary = options[0]
        best = max(options, key=lambda o: (round(o.score, 6), o is primary))
    if best is primary:
        kind = "primary"
    elif primary.grade == "d":
        kind = "alternate"
    else:
        kind = "better"
    return VendorChoice(best, primary, kind, tuple(options))

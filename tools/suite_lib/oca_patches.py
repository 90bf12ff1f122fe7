"""Adjustments to pinned OCA addons that the Odoo source the suite runs on
needs, applied after `pip install --no-deps -r oca-addons.txt`.

Each adjustment is a regular expression and its replacement in one file of
an installed addon; applying them again changes nothing. Keep them few and
small, and say why each is needed.
"""

import re
from pathlib import Path

# (addon, file inside the addon, pattern, replacement, why)
ADJUSTMENTS = [
    (
        "stock_barcodes",
        "views/stock_move_line_views.xml",
        r'\s*<attribute\s+name="help"\s*>[^<]*</attribute>',
        "",
        # stock_barcodes 18.0.1.6.0.4 gives the Quantity Picked column of
        # two list views a tooltip (a `help` attribute on a list field).
        # The list view schema of the Odoo 18.0 source the suite runs on
        # (May 2025) has no such attribute and refuses the view, so the
        # module cannot install. Without it the column only loses its
        # tooltip.
        "list field tooltips the Odoo source's list view schema refuses",
    ),
]


def apply_adjustments(site_packages):
    """Apply every adjustment to the addons installed under
    `site_packages`; return the (addon, file) pairs changed now."""
    changed = []
    addons = Path(site_packages) / "odoo" / "addons"
    for addon, name, pattern, replacement, _why in ADJUSTMENTS:
        path = addons / addon / name
        if not path.is_file():
            continue
        text = path.read_text()
        new = re.sub(pattern, replacement, text)
        if new != text:
            path.write_text(new)
            changed.append((addon, name))
    return changed

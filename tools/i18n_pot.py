"""Write the translation templates of the suite's addons from a database.

    .venv/bin/python tools/i18n_pot.py -c .local/odoo.conf -d DB --out DIR

writes DIR/<addon>/i18n/<addon>.pot for each of the four addons, as Odoo's
`odoo-bin --i18n-export` writes them (the same reader and writer), from a
database where the addons are installed and current. Run it through
`make i18n` (DIR = addons/) or `make i18n-check` (a temporary DIR, compared
with addons/). Two differences from a plain export:

* the terms of records an addon makes per company at run time are left out
  (the control tower's dashboard of each company): they depend on the
  database's companies, not on the addon's sources;
* a source file Odoo cannot read terms from (it logs "Failed to extract
  terms" and skips the whole file) fails the export instead of leaving the
  file's terms out of the template silently.

Odoo is imported from its source tree (ODOO_SRC, else the cache that
tools/suite.py clones into).
"""

import argparse
import io
import logging
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from suite_lib.common import SUITE_ADDONS, odoo_src

# records made per company at run time (spreadsheet.dashboard's
# _dist_sync_company_dashboards): not terms of the addon's sources
RUNTIME_XMLIDS = re.compile(
    r"^dist_governance\.spreadsheet_dashboard_control_tower_company_\d+$"
)


class _Failures(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def export(db, addons):
    """{addon: the .pot's bytes} of `addons`, read from database `db`."""
    import odoo
    from odoo.tools.translate import PoFileWriter, TranslationModuleReader

    failures = _Failures()
    logging.getLogger("odoo.tools.translate").addHandler(failures)
    registry = odoo.modules.registry.Registry.new(db)
    rows = {addon: [] for addon in addons}
    with registry.cursor() as cr:
        for row in TranslationModuleReader(cr, modules=list(addons)):
            module, ttype, __, res_id = row[:4]
            if ttype == "model" and RUNTIME_XMLIDS.match(str(res_id)):
                continue
            if module in rows:
                rows[module].append(row)
    if failures.messages:
        raise SystemExit(
            "Terms could not be read from some files (Odoo skips such a file "
            "whole):\n  "
            + "\n  ".join(failures.messages)
            + "\nMost often an f-string among the arguments of _(): format the "
            "value before the call."
        )
    pots = {}
    for addon, addon_rows in rows.items():
        buffer = io.BytesIO()
        PoFileWriter(buffer, lang=None).write_rows(addon_rows)
        pots[addon] = buffer.getvalue()
    return pots


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--addons", default=",".join(SUITE_ADDONS))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(odoo_src()))
    import odoo

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    addons = args.addons.split(",")
    for addon, content in export(args.database, addons).items():
        path = args.out / addon / "i18n" / f"{addon}.pot"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

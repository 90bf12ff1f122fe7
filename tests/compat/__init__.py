"""make test-compat: the upstream addons' own tests with the suite installed
(tools/suite_lib/compat.py runs them; plugin.py selects them as Odoo would)."""

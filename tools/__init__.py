"""Developer tooling of the Odoo Distribution Suite (set-up, demo scenario)."""

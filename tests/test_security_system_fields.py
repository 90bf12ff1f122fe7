"""Every stored field the suite computes or shows read-only is guarded:
read with every addon of the suite installed (a suite-wide check; each
addon's own test_security_system_fields checks its models' lists)."""

from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistGovernanceCase

from tools.suite_lib.common import SUITE_ADDONS

# the suite's addons, bridges included, all installed for tests/
DIST_ADDONS = tuple(SUITE_ADDONS)
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date"}
# Stored fields the suite computes or shows read-only that stay off the
# system-field lists, each for its reason; any other such field of a model a
# role may create or write must be on its model's lists.
ALLOWED = {
    # governed approval documents: their states, the matrix's generated
    # tiers and a waiver's grantor belong to the approval state machines
    ("dist.approval.matrix", "tier_definition_id"),
    ("tier.definition", "dist_matrix_line_id"),
    ("dist.sod.waiver", "granted_by_id"),
    ("dist.case.resolution", "state"),
    ("dist.inventory.adjustment", "state"),
    ("dist.policy.override", "state"),
    ("dist.credit.release", "state"),
    ("dist.sale.price.exception", "state"),
    ("dist.vendor.price.change", "state"),
    # Odoo's models: their write() refuses these to every user but the
    # suite (dist_finance_controls: who posted a bill, the amount the
    # payment matrix reads, who last changed a bank account's details)
    ("account.move", "dist_posted_by_id"),
    ("account.payment", "dist_amount_cc"),
    ("res.partner.bank", "dist_details_changed_by_id"),
    ("res.partner.bank", "dist_details_changed_at"),
    # decided with Apply or Reject only: write() asks for the buttons' token,
    # which no RPC caller can send
    ("dist.leadtime.proposal", "state"),
    ("dist.leadtime.proposal", "decided_by_id"),
    ("dist.leadtime.proposal", "decided_at"),
}
ALLOWED_MODELS = {
    # no role creates recommendations (the run does) and write() lets only
    # the buyer's EDITABLE fields through, the rest to the buttons' token
    "dist.purchase.recommendation",
    # reviews are the approval engine's (tier validation), with the approval
    # state machines' guards
    "tier.review",
}


@tagged("post_install", "-at_install")
class TestEverySystemFieldIsListed(DistGovernanceCase):
    """A stored field the suite computes, or shows read-only, on a model a
    role may create or write, is either on the model's system-field lists
    (dist.system.fields.mixin) or allowed above with its reason: a new
    field cannot forget the guard."""

    def _writable_models(self):
        """Models some group may create or write (the superuser aside)."""
        access = (
            self.env["ir.model.access"]
            .sudo()
            .search(["|", ("perm_create", "=", True), ("perm_write", "=", True)])
        )
        return set(access.mapped("model_id.model"))

    def test_every_system_field_is_listed(self):
        writable = self._writable_models()
        missing = []
        for name in sorted(self.env.registry.models):
            Model = self.env[name]
            if Model._abstract or Model._transient or not Model._auto:
                continue
            if name not in writable or name in ALLOWED_MODELS:
                continue  # no role writes it: its access rights guard it
            listed = set()
            if hasattr(Model, "_dist_system_field_names"):
                listed = (
                    Model._dist_system_field_names() | Model._dist_fixed_field_names()
                )
            for fname, field in Model._fields.items():
                if fname in MAGIC or not field.store or field.type == "one2many":
                    continue
                if not set(field._modules or ()) & set(DIST_ADDONS):
                    continue
                if field.related:
                    continue
                system = (field.compute and not field.inverse) or field.readonly
                if not system or fname in listed or (name, fname) in ALLOWED:
                    continue
                missing.append(f"{name}.{fname}")
        self.assertFalse(
            missing,
            "Stored computed or read-only fields that users may set: list them "
            "in the model's _dist_system_fields (or allow them in this test, "
            "with the reason)",
        )

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError

# the ORM methods auditlog patches on the models of its rules
_PATCHED = ("create", "read", "write", "unlink", "export_data")


class AuditlogRule(models.Model):
    """OCA auditlog's rules, as the suite ships them for the changes that must
    be traced (vendor prices, costs and sales prices, credit limits, reorder
    rules, user groups).

    A rule may name the fields that matter: only those are read before and
    after a write and logged, so a rule on a busy model (partners, users)
    neither slows every write down nor fills the log with noise."""

    _inherit = "auditlog.rule"

    dist_field_ids = fields.Many2many(
        comodel_name="ir.model.fields",
        relation="dist_auditlog_rule_field_rel",
        column1="rule_id",
        column2="field_id",
        string="Fields to log",
        domain="[('model_id', '=', model_id), ('store', '=', True)]",
        help="Only these fields are logged. Empty: every stored field (less "
        "the fields to exclude), as auditlog does by default.",
    )

    def _register_hook(self):
        """Patch the models again over their final classes.

        auditlog patches a model's registry class with a method that calls
        the method as it resolved when the rule was subscribed (`origin`).
        Odoo keeps that class when it loads a later module and only changes
        its bases, so an addon loaded after the subscription (the suite's
        addons installed together, or one installed in a running server)
        would have its overrides of create/write/unlink (the suite's guards
        among them) skipped until a restart. Drop the patches here, so that
        auditlog's hook, which runs after every load, patches again over what
        the classes are now.

        Only on the registry's own call (no rule given): auditlog also calls
        this hook for the rules being written, and patches only those."""
        if self:
            return super()._register_hook()
        for model_class in self.pool.models.values():
            own = vars(model_class)
            for method in _PATCHED:
                flag = f"auditlog_ruled_{method}"
                patched = own.get(method)
                # a patch, or what unsubscribing put back: a copy of a base's
                # method as it was then (the registry class defines none)
                stale = patched is not None and (
                    hasattr(patched, "origin")
                    or any(
                        vars(base).get(method) is patched
                        for base in model_class.__mro__[1:]
                    )
                )
                if stale:
                    delattr(model_class, method)
                if flag in own:
                    delattr(model_class, flag)
        return super()._register_hook()

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        res = super().write(vals)
        if "dist_field_ids" in vals or "model_id" in vals:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.private  # takes a model instance: only the logging code calls it
    @api.model
    def get_auditlog_fields(self, model):
        names = super().get_auditlog_fields(model)
        wanted = self._dist_logged_field_names(model._name)
        if wanted is None:
            return names
        return [name for name in names if name in wanted]

    @tools.ormcache("model_name")
    def _dist_logged_field_names(self, model_name):
        """The field names the rule of `model_name` limits its log to, or
        None when it logs every stored field."""
        # sudo: reads the rules' configuration to decide what a write of any
        # user logs; nothing of it is returned to the caller
        rule = (
            self.sudo()
            .with_context(active_test=False)
            .search([("model_id.model", "=", model_name)], limit=1)
        )
        if not rule.dist_field_ids:
            return None
        return frozenset(rule.dist_field_ids.mapped("name"))

    def subscribe(self):
        # auditlog's subscribe() creates the "View logs" action as superuser
        # before it writes the rule: refuse a reader first
        self._dist_check_may_change()
        return super().subscribe()

    def unsubscribe(self):
        # auditlog's unsubscribe() removes the logging from the models of
        # this worker before it writes the rule, and a refused write does not
        # put it back: a reader of the rules (RPC) would switch the trail off
        # until the next restart
        self._dist_check_may_change()
        return super().unsubscribe()

    def _dist_check_may_change(self):
        if not self.has_access("write"):
            raise AccessError(
                self.env._(
                    "You may read the audit rules %(rules)s, not switch them "
                    "on or off.",
                    rules=", ".join(self.mapped("name")),
                )
            )

from odoo import api, models
from odoo.exceptions import UserError


class DistSystemFieldsMixin(models.AbstractModel):
    """Fields the suite keeps for itself: references, counters, detection
    and deadline dates, scores, statuses (STYLE.md habit 13).

    A model lists them in class attributes, as `tier.validation` is
    configured; every extension of the model may add its own, they add up:

    - ``_dist_system_fields``: set by the suite only, on create as on write;
    - ``_dist_fixed_fields``: given once at creation, never rewritten by hand
      (the source document of an exception).

    Whoever is not the superuser is refused them by every route that ends in
    ``create`` or ``write``: the form, RPC, an import (``load``), a copy. The
    suite's own code sets them with ``sudo()`` or computes them; a context
    key opens nothing, an RPC caller sends any context it likes. Values a
    model fills in itself at creation go in `_dist_prepare_system_vals`,
    which runs after the check.
    """

    _name = "dist.system.fields.mixin"
    _description = "Fields kept by the suite"

    _dist_system_fields = ()
    _dist_fixed_fields = ()

    @classmethod
    def _dist_collect(cls, attribute):
        """The union of `attribute` over the model's classes, so that each
        extension lists the fields it adds."""
        names = set()
        for klass in cls.mro():
            names.update(vars(klass).get(attribute, ()))
        return frozenset(names)

    @api.model
    def _dist_system_field_names(self):
        return self._dist_collect("_dist_system_fields")

    @api.model
    def _dist_fixed_field_names(self):
        return self._dist_collect("_dist_fixed_fields")

    @api.model
    def _dist_check_system_fields(self, names):
        """Refuse `names` that are the suite's to a caller who is not the
        superuser."""
        if self.env.su or not names:
            return
        labels = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )
        raise UserError(self._dist_system_fields_message(labels))

    def _dist_system_fields_message(self, labels):
        """The refusal, in the user's words; a model may say it better."""
        return self.env._(
            "%(fields)s of %(model)s are kept by the suite: they cannot be set "
            "by hand.",
            fields=labels,
            model=self._description,
        )

    def _dist_prepare_system_vals(self, vals_list):
        """Hook: complete `vals_list` with the values the suite sets at
        creation (a reference, a detection date). Runs after the check."""
        return vals_list

    @api.model_create_multi
    def create(self, vals_list):
        system = self._dist_system_field_names()
        given = set()
        for vals in vals_list:
            given.update(name for name in vals if name in system)
        self._dist_check_system_fields(given)
        records = self
        if not self.env.su:
            # a default_<field> key in the context is a value too: drop those
            # of the suite's fields rather than let the ORM take them
            defaults = {f"default_{name}" for name in system}
            if defaults & set(self.env.context):
                context = {
                    key: value
                    for key, value in self.env.context.items()
                    if key not in defaults
                }
                records = self.with_env(self.env(context=context))
        # completed on copies: the caller's dicts are theirs
        vals_list = records._dist_prepare_system_vals(
            [dict(vals) for vals in vals_list]
        )
        return super(DistSystemFieldsMixin, records).create(vals_list)

    def write(self, vals):
        self._dist_check_system_fields(
            set(vals)
            & (self._dist_system_field_names() | self._dist_fixed_field_names())
        )
        return super().write(vals)

    def copy_data(self, default=None):
        # a copy is a creation by the user: the suite's fields are its own
        # to set again, whatever their copy attribute says
        vals_list = super().copy_data(default=default)
        if not self.env.su:
            system = self._dist_system_field_names()
            for vals in vals_list:
                for name in system & set(vals):
                    del vals[name]
        return vals_list

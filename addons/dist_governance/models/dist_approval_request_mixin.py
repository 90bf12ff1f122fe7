from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..roles import check_role
from .review_route import state_route


class DistApprovalRequestMixin(models.AbstractModel):
    """A request that waits for the approval matrix: what was asked is
    frozen, the last approval carries it out, a rejection is recorded in its
    status, and only who may withdraw it cancels it.

    It is configured by class attributes, as OCA's ``tier.validation`` (which
    it inherits, with the suite's extension in ``tier_validation.py``) is:

    - OCA's ``_state_field`` (``state``), ``_state_from`` (the status a
      request waits in, ``["draft"]``), ``_state_to`` (the status it ends in
      once carried out, e.g. ``["done"]``) and ``_cancel_state``
      (``"cancel"``); the suite's ``_dist_create_states`` (``("draft",)``:
      users create it waiting, never in a later status) and, optionally,
      ``_dist_state_transitions`` (its lifecycle: then the status moves on
      the state route, along those arrows, and a direct write of it is an
      AccessError; without it the status counts among the frozen fields and
      the request's own methods move it with sudo()).
    - ``_dist_frozen_fields``: the fields users may not write once it is
      requested (UserError, see ``_dist_request_frozen_message``); each
      extension of the model may add its own, they add up. Or
      ``_dist_freeze_all = True``: every field of the document is frozen but
      ``_dist_unfrozen_fields`` and those of its chatter, activities and
      reviews.
    - ``_dist_frozen_states``: the statuses in which they are frozen; None
      (the default): in every status, for a request created waiting.
    - ``_dist_rejected_state``: the status a rejection records
      (``"rejected"``); None leaves the status as it is (the validation
      status says it).
    - ``_dist_execute_on_approval``: True (the default), the last approval
      carries the request out (``_dist_request_execute``); False, a button of
      the document does, once it is validated.
    - ``_dist_cancel_states``: the statuses it may be cancelled from (None:
      ``_state_from``, while it waits); ``_dist_cancel_groups``: the roles
      (group xml ids) that may cancel any request; with
      ``_dist_requester_cancels`` its requester (``_dist_requester_field``)
      may cancel their own too. Without roles, whoever may write it may.

    The hooks a model fills in, each with its own docstring below:
    ``_dist_request_execute()`` (what carrying out does),
    ``_dist_request_rejected()`` and ``_dist_request_cancelled()`` (what
    follows), ``_dist_request_frozen_message()``,
    ``_dist_request_not_cancellable_message()`` and
    ``_dist_request_cancel_action()`` (the refusals, in the document's
    words).

    A later governed document::

        class DistPriceException(models.Model):
            _name = "dist.price.exception"
            _inherit = ["dist.approval.request.mixin"]
            _state_to = ["done"]
            _dist_frozen_fields = ("partner_id", "product_id", "price")
            _dist_cancel_groups = ("dist_sales.group_sales_manager",)
            _dist_requester_cancels = True
            _dist_requester_field = "requested_by_id"

            state = fields.Selection(
                [("draft", "Waiting for approval"), ("done", "Applied"),
                 ("rejected", "Rejected"), ("cancel", "Cancelled")],
                default="draft", required=True, readonly=True, copy=False,
            )

            def _dist_request_execute(self):
                ...  # make what was asked, then state "done" (sudo)

    It registers a document type of the approval matrix (data,
    ``dist.approval.document.type``) naming its amount field; its code asks
    for the validation (``request_validation``) or carries it out at once
    when the matrix does not stop it (``need_validation`` false).
    """

    _name = "dist.approval.request.mixin"
    _description = "Request waiting for the approval matrix"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
        "dist.system.fields.mixin",
    ]

    # the approval matrix configures the reviews, never a tier by hand
    _tier_validation_manual_config = False
    _state_from = ["draft"]
    _cancel_state = "cancel"
    _dist_create_states = ("draft",)

    _dist_frozen_fields = ()
    _dist_freeze_all = False
    _dist_unfrozen_fields = ()
    _dist_frozen_states = None
    _dist_rejected_state = "rejected"
    _dist_execute_on_approval = True
    _dist_cancel_states = None
    _dist_cancel_groups = ()
    _dist_requester_cancels = False
    _dist_requester_field = "create_uid"

    # ------------------------------------------------------------------
    # what was asked stays as asked
    # ------------------------------------------------------------------

    @api.model
    def _dist_request_frozen_fields(self):
        """The names of the fields users may not write once requested: the
        union of ``_dist_frozen_fields`` over the model's extensions (or all
        fields but ``_dist_unfrozen_fields``), and the status when no
        lifecycle is declared (only the request's own methods move it)."""
        if self._dist_freeze_all:
            # the chatter, the activities and the reviews are not what was
            # asked (OCA keeps the reviews to its own route)
            free = set(self._dist_collect("_dist_unfrozen_fields"))
            # the status: see below
            free.add(self._state_field)
            for mixin in ("mail.thread", "mail.activity.mixin", "tier.validation"):
                free.update(self.env[mixin]._fields)
            names = {
                name
                for name in self._fields
                if name not in free and name not in models.MAGIC_COLUMNS
            }
        else:
            names = set(self._dist_collect("_dist_frozen_fields"))
        if self._dist_state_transitions is None:
            names.add(self._state_field)
        return frozenset(names)

    def _dist_request_check_frozen(self, vals):
        """Refuse users `vals` that change what was asked. The status, when
        it is among the frozen fields, is refused in every status."""
        if self.env.su:
            return
        names = self._dist_request_frozen_fields() & set(vals)
        if not names:
            return
        frozen = self
        states = self._dist_frozen_states
        if states is not None and self._state_field not in names:
            frozen = self.filtered(lambda r: r[self._state_field] in states)
            if not frozen:
                return
        raise UserError(frozen._dist_request_frozen_message())

    def _dist_request_frozen_message(self):
        """Hook: the refusal of a frozen field (`self`: the requests
        concerned), in the document's words."""
        return self.env._(
            "%(document)s keeps what was asked for approval: cancel it and ask "
            "again instead of editing it.",
            document=", ".join(self.mapped("display_name")) or self._description,
        )

    def write(self, vals):
        self._dist_request_check_frozen(vals)
        return super().write(vals)

    @api.model
    def _get_under_validation_exceptions(self):
        """A rejected request records it in its status while its reviews
        are still open: OCA must let that write through (users never write
        the status: see _dist_request_frozen_fields, or the state route)."""
        exceptions = super()._get_under_validation_exceptions()
        if self._dist_rejected_state:
            exceptions = exceptions + [self._state_field]
        return exceptions

    # ------------------------------------------------------------------
    # approving and rejecting
    # ------------------------------------------------------------------

    def _dist_request_waiting(self):
        """The requests still waiting (in ``_state_from``)."""
        return self.filtered(lambda r: r[self._state_field] in self._state_from)

    def _dist_request_set_state(self, state):
        """Move the status of these requests: on the state route along their
        lifecycle when they declare one, else with sudo() (the status is
        frozen to users: the callers checked who acts)."""
        if self._dist_state_transitions is not None:
            return state_route(self).write({self._state_field: state})
        # sudo: only the request's own methods come here, after their checks
        return self.sudo().write({self._state_field: state})

    def validate_tier(self):
        result = super().validate_tier()
        if self._dist_execute_on_approval:
            approved = self._dist_request_waiting().filtered(
                lambda r: r.validation_status == "validated"
            )
            if approved:
                approved._dist_request_execute()
        return result

    def _dist_request_execute(self):
        """Hook: carry out these validated requests (make what was asked,
        move them to ``_state_to``). Called by the last approval when
        ``_dist_execute_on_approval``; the document's own code calls it for
        requests the matrix does not stop."""
        raise NotImplementedError(f"{self._name} must say how a request is carried out")

    def reject_tier(self):
        result = super().reject_tier()
        if self._dist_rejected_state:
            rejected = self._dist_request_waiting().filtered(
                lambda r: r.validation_status == "rejected"
            )
            if rejected:
                rejected._dist_request_set_state(self._dist_rejected_state)
                rejected._dist_request_rejected()
        return result

    def _dist_request_rejected(self):
        """Hook: what follows a rejection (a note, a release), once the
        status records it."""
        return None

    # ------------------------------------------------------------------
    # cancelling
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Withdraw these requests: by who may (roles, the requester), from
        the statuses they may be cancelled in."""
        self._dist_request_check_can_cancel()
        cancellable = self._dist_cancel_states
        if cancellable is None:
            cancellable = self._state_from
        for request in self:
            if request[self._state_field] not in cancellable:
                raise UserError(request._dist_request_not_cancellable_message())
        self._dist_request_set_state(self._cancel_state)
        self._dist_request_cancelled()
        return True

    def _dist_request_requester(self):
        """Who asked for this request (``_dist_requester_field``)."""
        self.ensure_one()
        # sudo: who asked, for the check only
        return self.sudo()[self._dist_requester_field]

    def _dist_request_check_can_cancel(self):
        """Who may cancel: one of ``_dist_cancel_groups`` (or, with
        ``_dist_requester_cancels``, the requester of each), and whoever may
        write them when no role is named."""
        if self.env.su:
            return
        groups = self._dist_cancel_groups
        if groups and not self._dist_requester_cancels:
            check_role(self.env, self._dist_request_cancel_action(), *groups)
        self.check_access("write")
        if not (groups and self._dist_requester_cancels):
            return
        user = self.env.user
        if any(user.has_group(group) for group in groups):
            return
        others = self.filtered(lambda r: r._dist_request_requester() != user)
        if others:
            roles = [self.env.ref(group, raise_if_not_found=False) for group in groups]
            raise AccessError(
                self.env._(
                    "%(user)s cannot cancel %(names)s: it takes the %(role)s "
                    "role, or having asked for it.",
                    user=user.name,
                    names=", ".join(others.mapped("display_name")),
                    role=self.env._(" or ").join(
                        role.sudo().name for role in roles if role
                    ),
                )
            )

    def _dist_request_cancel_action(self):
        """Hook: the action a role check refuses ("cancel a ..."), in the
        document's words."""
        return self.env._("cancel %(document)s", document=self._description)

    def _dist_request_not_cancellable_message(self):
        """Hook: why this request may not be cancelled in its status."""
        self.ensure_one()
        return self.env._(
            "%(name)s is %(state)s: only a request waiting for approval can be "
            "cancelled.",
            name=self.display_name,
            state=self._dist_state_label(self[self._state_field]),
        )

    def _dist_request_cancelled(self):
        """Hook: what follows a cancellation (a release), once the status
        records it."""
        return None

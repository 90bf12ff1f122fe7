import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..local_time import local_string
from ..names import model_names
from .dist_exception_type import SEVERITIES

_logger = logging.getLogger(__name__)

OPEN_STATES = ("open", "progress")


class DistException(models.Model):
    """One accountable exception: what went wrong, on which document, who owns
    it, by when, and why it happened."""

    _name = "dist.exception"
    _description = "Exception"
    _inherit = ["dist.system.fields.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "detected_date desc, id desc"
    _check_company_auto = True
    # written by the register itself (raise API, actions, escalation,
    # retention), never by users; the source document is given once, at
    # creation. `active` is the retention's: an open exception archived by
    # hand would hide from escalation, tiles and the checks, unaudited
    _dist_system_fields = (
        "active",
        "name",
        "recurrence_count",
        "detected_date",
        "last_detected_date",
        "escalated_date",
        "resolved_date",
    )
    _dist_fixed_fields = ("res_model", "res_id")

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        string="Type",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    summary = fields.Char(required=True)
    description = fields.Text()
    res_model = fields.Char(string="Source model", required=True, index=True)
    res_id = fields.Many2oneReference(
        string="Source ID",
        model_field="res_model",
        required=True,
        index=True,
    )
    source_name = fields.Char(
        string="Source document",
        compute="_compute_source_name",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        index=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        index=True,
        check_company=True,
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    owner_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Owning role",
        related="type_id.owner_group_id",
        store=True,
    )
    severity = fields.Selection(
        selection=SEVERITIES,
        required=True,
        default="medium",
        tracking=True,
    )
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("progress", "In progress"),
            ("resolved", "Resolved"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="open",
        index=True,
        tracking=True,
        group_expand="_group_expand_states",
    )
    detected_date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        index=True,
    )
    last_detected_date = fields.Datetime(
        string="Last detected",
        readonly=True,
    )
    deadline = fields.Datetime(index=True, tracking=True)
    resolved_date = fields.Datetime(readonly=True, copy=False)
    escalated_date = fields.Datetime(readonly=True, copy=False)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    root_cause_id = fields.Many2one(
        comodel_name="dist.root.cause",
        index=True,
        check_company=True,
        tracking=True,
    )
    process_area = fields.Selection(
        related="root_cause_id.process_area",
        store=True,
    )
    corrective_action = fields.Text()
    active = fields.Boolean(
        default=True,
        # read-only: the screens offer no Archive action, the retention
        # archives (see _dist_system_fields)
        readonly=True,
        help="Closed exceptions past the company's retention are archived "
        "by the retention only (see the governance settings); the Archived "
        "filter finds them.",
    )
    recurrence_count = fields.Integer(
        string="Recurrences",
        default=1,
        readonly=True,
        help="How many times the raising code detected this exception while "
        "it was open.",
    )

    @api.model
    def _group_expand_states(self, states, domain):
        """The kanban's columns: the live states always, so that open and
        in-progress exceptions sit side by side, plus any state listed."""
        live = ["open", "progress"]
        return live + [state for state in states if state not in live]

    def init(self):
        # One open exception per type, source document and company (a
        # vendor or a product is shared by companies, each answers for its
        # own): the raise API relies on this index for INSERT ... ON CONFLICT.
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS dist_exception_open_source_uniq"))
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS "
                "dist_exception_open_source_company_uniq "
                "ON dist_exception (type_id, res_model, res_id, company_id) "
                "WHERE state IN ('open', 'progress')"
            )
        )

    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        for exception in self:
            source = exception._source_record()
            # sudo: the name of the source only, shown to whoever may see
            # the exception
            exception.source_name = (
                source.sudo().display_name if source else exception._source_gone_name()
            )

    def _source_gone_name(self):
        # a source deleted (or of an addon removed) by the name users know
        # of its kind, never the model's technical name
        if not self.res_model:
            return False
        kind = model_names(self.env, [self.res_model]).get(self.res_model)
        return self.env._("%(kind)s (deleted)", kind=kind or self.env._("Document"))

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for exception in self:
            exception.is_overdue = bool(
                exception.state in OPEN_STATES
                and exception.deadline
                and exception.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Overdue can only be searched as true or false.")
            )
        overdue = [
            ("state", "in", OPEN_STATES),
            ("deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.constrains("state", "root_cause_id")
    def _check_root_cause(self):
        for exception in self:
            if exception.state == "resolved" and not exception.root_cause_id:
                raise ValidationError(
                    self.env._(
                        "Exception %(name)s cannot be resolved without a root cause.",
                        name=exception.name,
                    )
                )

    @api.constrains("deadline", "detected_date")
    def _check_deadline(self):
        for exception in self:
            if exception.deadline and exception.deadline < exception.detected_date:
                raise ValidationError(
                    self.env._(
                        "The deadline of exception %(name)s (%(deadline)s) is "
                        "before its detection (%(detected)s).",
                        name=exception.name,
                        deadline=exception.deadline,
                        detected=exception.detected_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        exceptions = super().create(vals_list)
        exceptions._dist_notify_owner()
        return exceptions

    def _dist_prepare_system_vals(self, vals_list):
        # reference, detection date, deadline and owner, once the caller's
        # values passed the system fields' check
        for vals in vals_list:
            self._dist_complete_vals(vals)
        return super()._dist_prepare_system_vals(vals_list)

    def _dist_system_fields_message(self, labels):
        return self.env._(
            "%(fields)s of an exception are kept by the suite.", fields=labels
        )

    def write(self, vals):
        if vals.get("owner_id"):
            self._dist_check_owner(self.env["res.users"].browse(vals["owner_id"]))
        if "state" in vals:
            old_states = {exception.id: exception.state for exception in self}
        res = super().write(vals)
        if "state" in vals:
            self.env["dist.audit.entry"]._log_changes(
                self, "state", old_states, event="exception_state"
            )
        if vals.get("owner_id"):
            self._dist_notify_owner()
        return res

    def _dist_check_owner(self, owner):
        for exception in self:
            if not self._dist_may_own(owner, exception.company_id):
                raise UserError(
                    self.env._(
                        "%(user)s cannot own exception %(name)s: they are no "
                        "user of %(company)s and could not open it.",
                        user=owner.name,
                        name=exception.name,
                        company=exception.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        self._dist_check_states(("open",), self.env._("start"))
        self.write({"state": "progress"})

    def action_resolve(self):
        self._dist_check_states(OPEN_STATES, self.env._("resolve"))
        missing = self.filtered(lambda e: not e.root_cause_id)
        if missing:
            raise UserError(
                self.env._(
                    "Give a root cause before resolving %(names)s.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        self.write({"state": "resolved"})
        # sudo: the resolution date is the register's stamp of the state the
        # caller was just allowed to write
        self.sudo().write({"resolved_date": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_cancel(self):
        self._dist_check_states(OPEN_STATES, self.env._("cancel"))
        self.write({"state": "cancel"})
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_archive(self):
        self._dist_refuse_archiving()
        return super().action_archive()

    def action_unarchive(self):
        self._dist_refuse_archiving()
        return super().action_unarchive()

    def _dist_refuse_archiving(self):
        # the write would be refused too (a system field): said here in
        # the words of the register
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Exceptions are archived by the retention only, once "
                    "resolved or cancelled for longer than the company "
                    "keeps them: resolve or cancel %(names)s instead.",
                    names=", ".join(self.mapped("name")),
                )
            )

    def action_open_source(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def _dist_check_states(self, states, verb):
        wrong = self.filtered(lambda e: e.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Cannot %(verb)s %(names)s: it is %(state)s.",
                    verb=verb,
                    names=", ".join(wrong.mapped("name")),
                    state=", ".join(
                        sorted(set(wrong.mapped(lambda e: e._dist_state_label())))
                    ),
                )
            )

    def _dist_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # The raise API used by the domain addons
    # ------------------------------------------------------------------

    @api.private
    @api.model
    def raise_exception(self, type_code, source, summary, **values):
        """Raise, or raise again, the exception `type_code` on `source`.

        Idempotent per (type, source document) while the exception is open:
        raising it again counts a recurrence instead of opening a duplicate.
        Two transactions raising it at once meet on a unique index; the later
        one fails with a serialization error and Odoo's retry (RPC, cron)
        replays it as a recurrence.

        :param type_code: code of a `dist.exception.type`
        :param source: the document the exception is about (one record)
        :param summary: one line saying what happened
        :param values: optional field values (company_id, warehouse_id,
            product_id, partner_id, owner_id, severity, description)
        :return: the exception (a `dist.exception` record)
        """
        source.ensure_one()
        company = self.env["res.company"].browse(
            values.pop("company_id", None)
            or ("company_id" in source._fields and source.company_id.id)
            or self.env.company.id
        )
        self._dist_check_company_allowed(company.id)
        # sudo: raising is the system reporting a fact about a document the
        # caller just handled (a receipt, a delivery), whatever their role;
        # the caller's right to work in the company is checked above
        exceptions = self.sudo()
        exception_type = exceptions.env["dist.exception.type"]._find(type_code, company)
        if not exception_type:
            raise UserError(
                self.env._(
                    "No exception type %(code)s for %(company)s: a governance "
                    "controller must create or reactivate it.",
                    code=type_code,
                    company=company.name,
                )
            )
        vals = {
            **values,
            "type_id": exception_type.id,
            "res_model": source._name,
            "res_id": source.id,
            "company_id": company.id,
            "summary": summary,
        }
        exceptions._dist_complete_vals(vals)
        exception, created = exceptions._dist_upsert(vals)
        if created:
            exception._dist_notify_owner()
        return self.browse(exception.id)

    def _dist_check_company_allowed(self, company_id):
        company = self.env["res.company"].browse(company_id)
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "%(user)s cannot raise an exception for %(company)s: it is "
                    "not one of their companies.",
                    user=self.env.user.name,
                    company=company.name,
                )
            )

    def _dist_complete_vals(self, vals):
        """Defaults a raised exception takes from its type: severity, deadline,
        owner, reference."""
        if not vals.get("type_id"):
            return vals  # the ORM reports the missing type
        exception_type = self.env["dist.exception.type"].browse(vals["type_id"])
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        detected = vals.get("detected_date") or fields.Datetime.now()
        vals["detected_date"] = detected
        vals.setdefault("last_detected_date", detected)
        vals.setdefault("severity", exception_type.default_severity)
        if not vals.get("deadline"):
            vals["deadline"] = fields.Datetime.to_datetime(detected) + timedelta(
                hours=exception_type.resolution_hours
            )
        owner = self.env["res.users"].browse(vals.get("owner_id") or ())
        if owner and not self._dist_may_own(owner, company):
            # a raiser naming someone of another company (a vendor's buyer
            # is one user for all companies): the company's owner instead
            # of a to-do on a record they cannot open
            _logger.info(
                "Exception owner %s is no user of %s: the default owner is "
                "taken instead.",
                owner.login,
                company.name,
            )
            owner = owner.browse()
        if not owner:
            vals["owner_id"] = self._dist_default_owner(exception_type, company).id
        if not vals.get("name") or vals["name"] == self.env._("New"):
            # sudo: the reference sequence is shared by every company
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                "dist.exception"
            ) or self.env._("New")
        return vals

    @api.model
    def _dist_may_own(self, user, company):
        """Whether `user` may own an exception of `company`: an active
        internal user allowed in it (else they could not open it)."""
        # sudo: the user's companies, whichever of them the caller sees
        user = user.sudo()
        return user.active and not user.share and company in user.company_ids

    def _dist_default_owner(self, exception_type, company):
        """The owning role's user in `company` with the fewest open
        exceptions, preferring those who are not also in the escalation
        role; nobody when the role has no user there."""
        candidates = exception_type.owner_group_id.users.filtered(
            lambda u: company in u.company_ids and not u.share and u.active
        )
        # the role's managers own what escalates to them, not the first round
        doers = candidates - exception_type.escalation_group_id.users
        candidates = doers or candidates
        if not candidates:
            return self.env["res.users"]
        # sudo: counts open exceptions per candidate across the companies
        # the candidates work in, to spread the load
        load = dict(
            self.sudo()._read_group(
                [("owner_id", "in", candidates.ids), ("state", "in", OPEN_STATES)],
                groupby=["owner_id"],
                aggregates=["__count"],
            )
        )
        return min(candidates, key=lambda u: (load.get(u, 0), u.id))

    def _dist_upsert(self, vals):
        """INSERT the exception, or count a recurrence on the open one.

        Returns (exception, created)."""
        record = self.new(vals)
        record._check_company()
        self.flush_model()
        columns = {
            name: self._fields[name].convert_to_column_insert(value, self)
            for name, value in vals.items()
            if name in self._fields and self._fields[name].store
        }
        now = fields.Datetime.now()
        columns.update(
            state="open",
            active=True,
            recurrence_count=1,
            create_uid=self.env.uid,
            write_uid=self.env.uid,
            create_date=now,
            write_date=now,
        )
        # the related stored field, computed here because SQL bypasses the ORM
        columns["owner_group_id"] = (
            self.env["dist.exception.type"].browse(vals["type_id"]).owner_group_id.id
        )
        names = list(columns)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO dist_exception (%(columns)s) VALUES %(values)s
                ON CONFLICT (type_id, res_model, res_id, company_id)
                    WHERE state IN ('open', 'progress')
                DO UPDATE SET
                    recurrence_count = dist_exception.recurrence_count + 1,
                    last_detected_date = EXCLUDED.last_detected_date,
                    write_uid = EXCLUDED.write_uid,
                    write_date = EXCLUDED.write_date
                RETURNING id, xmax = 0
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in names),
                values=SQL("(%s)", SQL(", ").join(columns[name] for name in names)),
            )
        )
        exception_id, created = self.env.cr.fetchone()
        self.invalidate_model()
        return self.browse(exception_id), created

    def _dist_notify_owner(self):
        """A to-do for the owner, due at the deadline."""
        for exception in self.filtered("owner_id"):
            # sudo: the raising user may not follow or plan activities on
            # exceptions; the owner gets them on an exception just raised
            exception = exception.sudo()
            exception.message_subscribe(partner_ids=exception.owner_id.partner_id.ids)
            exception.activity_schedule(
                "mail.mail_activity_data_todo",
                # the deadline's day where the exception happened
                date_deadline=(
                    exception.warehouse_id or exception.company_id
                )._dist_local_day(exception.deadline or fields.Datetime.now()),
                summary=exception.summary,
                user_id=exception.owner_id.id,
            )

    def _source_record(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    # ------------------------------------------------------------------
    # Scheduled escalation
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate_overdue(self):
        """Escalate overdue exceptions to the owning role's manager, once.

        Safe when two workers run it at once: an exception is escalated by
        the UPDATE that sets its escalation date, and only by that one."""
        candidates = self.search(
            [("is_overdue", "=", True), ("escalated_date", "=", False)]
        )
        if not candidates:
            return
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE dist_exception SET escalated_date = now() AT TIME ZONE 'UTC' "
                "WHERE id IN %s AND escalated_date IS NULL RETURNING id",
                tuple(candidates.ids),
            )
        )
        escalated = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_model(["escalated_date"])
        for exception in escalated:
            managers = exception.type_id.escalation_group_id.users.filtered(
                lambda u, c=exception.company_id: c in u.company_ids and u.active
            )
            exception.message_post(
                body=self.env._(
                    "Overdue since %(deadline)s: escalated to %(managers)s.",
                    deadline=local_string(
                        exception.deadline,
                        (exception.warehouse_id or exception.company_id)._dist_tz(),
                    ),
                    managers=", ".join(managers.mapped("name"))
                    or self.env._(
                        "nobody (no escalation role with users in %s)",
                        exception.company_id.name,
                    ),
                ),
                message_type="notification",
            )
            for manager in managers:
                exception.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Overdue exception: %s", exception.summary),
                    user_id=manager.id,
                )
            self.env["dist.audit.entry"]._log(
                exception, "escalated", new=", ".join(managers.mapped("name"))
            )

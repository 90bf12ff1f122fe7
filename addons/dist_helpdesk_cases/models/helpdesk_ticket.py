"""SLA of distribution cases, in working time.

A case's clocks start when it is created (or gets its category). Each
deadline is the moment its category's working hours (first response,
resolution), plus the working hours the case has spent waiting on the
customer, have elapsed in the category's calendar: its working days and
hours, its public holidays, read in the case's company's time zone (the
suite's rule for days; the calendar's own time zone is not used, so one
calendar serves companies in several zones, each on its own clock). A case
at risk has used its category's share of a deadline's time. Deadlines are
stored when they change (creation, category change, leaving a waiting
stage), so the status sweep is one statement whatever the number of cases.
"""

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import local_string

SLA_STATUSES = [
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]
SERVICE_MANAGER_GROUP = "dist_helpdesk_cases.group_service_manager"


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "dist.system.fields.mixin"]
    # the SLA clocks: started, planned, paused, judged and escalated by the
    # suite only
    _dist_system_fields = (
        "dist_sla_start",
        "dist_first_response_date",
        "dist_first_response_deadline",
        "dist_first_response_risk",
        "dist_resolution_deadline",
        "dist_resolution_risk",
        "dist_paused_since",
        "dist_paused_hours",
        "dist_sla_status",
        "dist_escalation",
    )

    dist_sla_start = fields.Datetime(
        string="SLA start",
        readonly=True,
        copy=False,
        help="When the service level agreement's clock started for this case "
        "(the SLA: the first response and resolution times promised to the "
        "customer's service tier).",
    )
    dist_first_response_date = fields.Datetime(
        string="First response", readonly=True, copy=False
    )
    dist_first_response_deadline = fields.Datetime(
        string="First response due", readonly=True, copy=False
    )
    dist_first_response_risk = fields.Datetime(readonly=True, copy=False)
    dist_resolution_deadline = fields.Datetime(
        string="Resolution due", readonly=True, copy=False, index=True
    )
    dist_resolution_risk = fields.Datetime(readonly=True, copy=False)
    dist_paused_since = fields.Datetime(
        string="Waiting on the customer since", readonly=True, copy=False
    )
    dist_paused_hours = fields.Float(
        string="Working hours waiting on the customer", readonly=True, copy=False
    )
    dist_sla_status = fields.Selection(
        selection=SLA_STATUSES,
        string="SLA",
        readonly=True,
        copy=False,
        index=True,
        help="Where the case stands against the response and resolution "
        "times promised to the customer (service level agreement): on track, "
        "at risk of missing them, breached, or met.",
    )
    dist_escalation = fields.Selection(
        selection=[
            ("none", "None"),
            ("risk", "Team leader told"),
            ("breach", "Breached"),
        ],
        string="Escalation",
        default="none",
        readonly=True,
        copy=False,
    )
    dist_root_cause_id = fields.Many2one(
        comodel_name="dist.root.cause", string="Root cause", tracking=True
    )
    dist_playbook_ids = fields.One2many(
        related="category_id.dist_playbook_ids", string="Playbook"
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Category = self.env["helpdesk.ticket.category"]
        for vals in vals_list:
            if vals.get("category_id") and not vals.get("team_id"):
                team = Category.browse(vals["category_id"]).dist_team_id
                if team:
                    vals["team_id"] = team.id
        tickets = super().create(vals_list)
        tickets._dist_start_sla()
        tickets._dist_deliveries_changed(tickets.dist_picking_id)
        return tickets

    def write(self, vals):
        stage = (
            self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if vals.get("stage_id")
            else None
        )
        # the exception register closes its cases as superuser (the flag
        # alone, which any RPC caller can send, skips nothing)
        closing = self.env.su and self.env.context.get("dist_closing_case")
        if stage and stage.closed and not closing:
            self._dist_check_can_close(vals)
        leaving = (
            self.filtered(
                lambda t: t.dist_paused_since and not stage.dist_waiting_customer
            )
            if stage is not None
            else self.browse()
        )
        entering = (
            self.filtered(lambda t: not t.dist_paused_since)
            if stage is not None and stage.dist_waiting_customer
            else self.browse()
        )
        result = super().write(vals)
        now = fields.Datetime.now()
        if leaving:
            leaving._dist_resume(now)
        if entering:
            # sudo: SLA clocks are the system's, whoever moves the case
            entering.sudo().write({"dist_paused_since": now})
        if "category_id" in vals:
            self.filtered(lambda t: not t.dist_sla_start)._dist_start_sla()
            self.filtered("dist_sla_start")._dist_plan_deadlines()
        if stage is not None and stage.closed:
            self._dist_close_sla(now)
            self._dist_close_exceptions()
        if stage is not None or "dist_picking_id" in vals:
            self._dist_deliveries_changed(self.dist_picking_id)
        return result

    def _dist_deliveries_changed(self, pickings):
        """A case on deliveries `pickings` opened, closed or moved, or a case
        made them urgent: nothing follows here. A bridge addon that ranks
        deliveries by their cases refreshes their rank."""
        return True

    def _dist_close_exceptions(self):
        """Closing a case resolves the exception it was opened from, with the
        case's root cause."""
        for ticket in self.filtered("dist_exception_id"):
            # sudo: the case's agent closes the exception the case stands for
            exception = ticket.dist_exception_id.sudo().with_context(
                dist_closing_case=True
            )
            if exception.state not in ("open", "progress"):
                continue
            values = {
                "corrective_action": self.env._(
                    "Closed with case %(case)s.", case=ticket.number
                )
            }
            if ticket.dist_root_cause_id:
                values["root_cause_id"] = ticket.dist_root_cause_id.id
            exception.write(values)
            if exception.root_cause_id:
                exception.action_resolve()
            else:
                exception.action_cancel()

    def _dist_close_from_exception(self):
        """The exception was resolved or cancelled: close its open cases."""
        open_cases = self.filtered(lambda t: not t.stage_id.closed)
        for ticket in open_cases:
            stage = self.env["helpdesk.ticket.stage"].search(
                [
                    ("closed", "=", True),
                    "|",
                    ("team_ids", "=", False),
                    ("team_ids", "in", ticket.team_id.ids),
                ],
                order="sequence",
                limit=1,
            )
            if stage:
                ticket.with_context(dist_closing_case=True).write(
                    {
                        "stage_id": stage.id,
                        "dist_root_cause_id": ticket.dist_root_cause_id.id
                        or ticket.dist_exception_id.root_cause_id.id,
                    }
                )

    # ------------------------------------------------------------------
    # SLA clocks
    # ------------------------------------------------------------------

    def _dist_start_sla(self):
        now = fields.Datetime.now()
        for ticket in self.filtered("category_id"):
            # sudo: as in write()
            ticket.sudo().write({"dist_sla_start": now, "dist_sla_status": "on_track"})
        self.filtered("category_id")._dist_plan_deadlines()

    def _dist_sla_calendar(self):
        """The working hours this case's SLA counts (its category's, else
        its company's), read in the company's time zone: Odoo's calendars
        take the zone to read their hours in from `employee_timezone`."""
        self.ensure_one()
        company = self.company_id
        calendar = (
            self.category_id._dist_calendar(company)
            if self.category_id
            else company.resource_calendar_id
        )
        return calendar.with_context(
            employee_timezone=pytz.timezone(company._dist_tz())
        )

    def _dist_plan_deadlines(self):
        """Store the deadlines and at-risk moments of these cases."""
        for ticket in self:
            category = ticket.category_id
            if not category or not ticket.dist_sla_start:
                continue
            calendar = ticket._dist_sla_calendar()
            start = ticket.dist_sla_start
            paused = ticket.dist_paused_hours
            share = category.dist_at_risk_share / 100.0
            first = category.dist_first_response_hours
            resolution = category.dist_resolution_hours

            def at(hours, calendar=calendar, start=start):
                return calendar.plan_hours(hours, start, compute_leaves=True)

            # sudo: as in write()
            ticket.sudo().write(
                {
                    "dist_first_response_deadline": at(first + paused),
                    "dist_first_response_risk": at(first * share + paused),
                    "dist_resolution_deadline": at(resolution + paused),
                    "dist_resolution_risk": at(resolution * share + paused),
                }
            )

    def _dist_resume(self, now):
        """Leaving a waiting stage: the working time spent waiting moves the
        deadlines."""
        for ticket in self:
            calendar = ticket._dist_sla_calendar()
            waited = calendar.get_work_hours_count(
                ticket.dist_paused_since, now, compute_leaves=True
            )
            # sudo: as in write()
            ticket.sudo().write(
                {
                    "dist_paused_since": False,
                    "dist_paused_hours": ticket.dist_paused_hours + waited,
                }
            )
        self._dist_plan_deadlines()

    def _dist_close_sla(self, now):
        for ticket in self.filtered("dist_sla_start"):
            met = (
                ticket.dist_resolution_deadline
                and now <= ticket.dist_resolution_deadline
            )
            # sudo: as in write()
            ticket.sudo().write(
                {
                    "dist_sla_status": "met" if met else "breached",
                    "dist_paused_since": False,
                }
            )

    def _dist_check_can_close(self, vals):
        cause = vals.get("dist_root_cause_id")
        missing = self.filtered(
            lambda t: (
                t.category_id.dist_root_cause_required
                and not (cause or t.dist_root_cause_id)
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "Give the root cause before closing %(cases)s: their "
                    "category requires one.",
                    cases=", ".join(missing.mapped("number")),
                )
            )
        return True

    def _message_post_after_hook(self, message, msg_vals):
        """The first public reply of an internal user is the first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if (
            not self.dist_first_response_date
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and author
            and author.user_ids
            and not author.user_ids[0].share
        ):
            # sudo: as in write()
            self.sudo().write({"dist_first_response_date": message.date})
        return result

    # ------------------------------------------------------------------
    # status sweep and escalation
    # ------------------------------------------------------------------

    @api.model
    def _dist_sweep_sla(self, now=None):
        """Status of every open, running case in one statement; escalate
        those that moved to at risk or breached. Returns {status: number of
        cases moved to it}."""
        moved = self._dist_sweep_statuses(now)
        counts = {}
        for _id, status in moved:
            counts[status] = counts.get(status, 0) + 1
        ids = [
            ticket_id
            for ticket_id, status in moved
            if status in ("at_risk", "breached")
        ]
        if ids:
            self.browse(ids)._dist_escalate()
        return counts

    @api.model
    def _dist_sweep_statuses(self, now=None):
        """[(case id, new status)] of the open, running cases whose status
        moved, written in one statement."""
        now = now or fields.Datetime.now()
        self.flush_model()
        self.env["helpdesk.ticket.stage"].flush_model(["closed"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET dist_sla_status = v.status
                  FROM (
                    SELECT t.id,
                           CASE
                             WHEN (t.dist_first_response_date IS NULL
                                   AND t.dist_first_response_deadline <= %(now)s)
                               OR t.dist_resolution_deadline <= %(now)s
                               THEN 'breached'
                             WHEN (t.dist_first_response_date IS NULL
                                   AND t.dist_first_response_risk <= %(now)s)
                               OR t.dist_resolution_risk <= %(now)s
                               THEN 'at_risk'
                             ELSE 'on_track'
                           END AS status
                      FROM helpdesk_ticket t
                      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                     WHERE t.active
                       AND NOT COALESCE(s.closed, FALSE)
                       AND t.dist_paused_since IS NULL
                       AND t.dist_resolution_deadline IS NOT NULL
                  ) v
                 WHERE t.id = v.id
                   AND t.dist_sla_status IS DISTINCT FROM v.status
                RETURNING t.id, v.status
                """,
                now=now,
            )
        )
        moved = self.env.cr.fetchall()
        self.invalidate_model(["dist_sla_status"])
        return moved

    def _dist_escalate(self):
        """Each step once: at risk tells the team leader; breach reassigns
        or tells the service managers, and raises an SLA breach exception."""
        for ticket in self:
            if (
                ticket.dist_sla_status in ("at_risk", "breached")
                and ticket.dist_escalation == "none"
            ):
                ticket._dist_escalate_risk()
            if (
                ticket.dist_sla_status == "breached"
                and ticket.dist_escalation != "breach"
            ):
                ticket._dist_escalate_breach()

    def _dist_team_leader(self):
        """The team's leader, when they work in the case's company (a team
        may serve several companies; a leader elsewhere could not open the
        case)."""
        self.ensure_one()
        return self.team_id.user_id.filtered(
            lambda user: self.company_id in user.company_ids
        )

    def _dist_escalate_risk(self):
        self.ensure_one()
        leader = self._dist_team_leader()
        zone = self.company_id._dist_tz()
        body = self.env._(
            "SLA at risk: first response due %(first)s, resolution due %(resolution)s.",
            first=self.dist_first_response_date
            and self.env._("(answered)")
            or local_string(self.dist_first_response_deadline, zone),
            resolution=local_string(self.dist_resolution_deadline, zone),
        )
        # sudo: the escalation is the system's message on the case
        ticket = self.sudo()
        ticket.message_post(
            body=body,
            partner_ids=leader.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if leader:
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=leader.id,
                summary=self.env._("Case %(case)s is at risk", case=self.number),
                # the deadline's day in the company's zone, as the SLA
                date_deadline=self.company_id._dist_local_day(
                    self.dist_resolution_deadline
                ),
            )
        ticket.write({"dist_escalation": "risk"})

    def _dist_escalate_breach(self):
        self.ensure_one()
        category = self.category_id
        # sudo: the escalation is the system's, whoever's case it is
        ticket = self.sudo()
        managers = self.env.ref(SERVICE_MANAGER_GROUP).users.filtered(
            lambda u: self.company_id in u.company_ids
        )
        leader = self._dist_team_leader()
        values = {"dist_escalation": "breach"}
        reassigned = category.dist_breach_action == "reassign" and leader
        if reassigned:
            values["user_id"] = leader.id
        ticket.write(values)
        ticket.message_post(
            body=self.env._(
                "SLA breached%(reassigned)s.",
                reassigned=self.env._(": reassigned to %(user)s", user=leader.name)
                if reassigned
                else "",
            ),
            partner_ids=managers.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        self.env["dist.exception"].sudo().raise_exception(
            "sla_breach",
            self,
            self.env._(
                "Case %(case)s (%(category)s) breached its SLA: resolution was "
                "due %(due)s.",
                case=self.number,
                category=category.display_name,
                due=local_string(
                    self.dist_resolution_deadline, self.company_id._dist_tz()
                ),
            ),
            company_id=self.company_id.id,
            partner_id=self.commercial_partner_id.id or False,
        )

    @api.model
    def _cron_dist_sla(self):
        return self._dist_sweep_sla()

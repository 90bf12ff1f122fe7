"""The customer-service layer of the demo: what a service manager would have
after some months of cases.

- per company, resolved cases of the six categories (generated customer
  mails, closed with a root cause and the action that settled them): the
  history the mail classifier learns from and the suggestions read. They
  were opened on weekdays of the last three months and closed within their
  category's resolution time, one in eight after it: their SLA clocks are
  the suite's (deadlines planned in the category's working time from the
  opening, met or breached by the closing), then dated back to those
  moments (clock.py), so the control tower's SLA breach rate has a history;
- the company's classifier trained on them;
- a few customer mails through the mail gateway, categorised or waiting
  for an agent, one naming a real order of its sender;
- an approval matrix line per company: case resolutions (returns,
  replacements, credit notes) worth 500 or more wait for a service manager;
- a service desk per company: a helpdesk team of the company's service
  agent and manager (the manager leads it) handling the six categories;
  every case of the company is the team's, worked by the agent (one
  resolved case in six by the manager);
- today's open work: cases opened over the last days, answered or not,
  so that at the demo's moment (OPEN_AT o'clock today) some are on track,
  some at risk and some breached, as the SLA sweep says.
"""

import datetime
import importlib.util
import random
from pathlib import Path

import pytz

from odoo import Command
from odoo.modules.module import get_module_path

from .clock import set_column, weekdays, working_moment

HISTORY = {"tiny": 60, "small": 240, "large": 600, "xlarge": 600}
# the resolved cases were opened over these last days
HISTORY_DAYS = 91
# share of them closed after their resolution deadline
BREACHED = 0.125
ACTION = {
    "delayed_shipment": "reschedule",
    "short_shipment": "replacement",
    "damaged_goods": "replacement",
    "return_request": "return",
    "invoice_dispute": "credit_note",
    "product_inquiry": "answer",
}
# today's open cases: (category, weekdays before today it was opened, local
# hour of the opening, answered); opened today: 45 minutes before the demo's
# moment. With 8-to-17 working hours, at that moment: two on track, two at
# risk, two breached, in each company.
OPEN_CASES = [
    ("delayed_shipment", 0, None, False),
    ("product_inquiry", 1, 10, True),
    ("damaged_goods", 2, 9, True),
    ("return_request", 4, 9, True),
    ("short_shipment", 3, 9, True),
    ("invoice_dispute", 7, 10, True),
]
OPEN_SUBJECTS = {
    "delayed_shipment": ("Delivery not here yet", "Our delivery was due this morning."),
    "product_inquiry": ("Compatible fittings?", "Which fittings fit the 2in valves?"),
    "damaged_goods": ("Broken cartons", "Two cartons arrived broken."),
    "return_request": ("Return of unused parts", "We would like to return 10 units."),
    "short_shipment": ("Missing items", "Half of the valves were not delivered."),
    "invoice_dispute": (
        "Wrong price on invoice",
        "The invoice price is not the quote's.",
    ),
}
# the demo's moment today: OPEN_AT o'clock at the first company (Los
# Angeles), the afternoon of all three; the SLA statuses of the open cases
# are those of this moment
OPEN_AT = 13
INCOMING = [
    ("Pallet damaged", "The pallet arrived crushed, several cartons are broken."),
    ("Invoice question", "We were charged twice on the last invoice, please credit."),
    ("Hello", "Could somebody call me back this afternoon?"),
    ("Datasheet", "Do you have the datasheet and certificate for these valves?"),
]


def _case_mail():
    """The customer mail generator of dist_helpdesk_cases' tests
    (tests/case_mail.py), loaded from its file: importing it through the
    addon's tests package would import Odoo's test framework, which logs an
    error outside test mode. Looked up when Odoo knows its addons path."""
    path = Path(get_module_path("dist_helpdesk_cases")) / "tests" / "case_mail.py"
    spec = importlib.util.spec_from_file_location("dist_case_mail", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(env, master, scale_name, today):
    """Write the service demo; return counts for the summary."""
    generate_mails = _case_mail().generate

    rng = random.Random(6)
    counts = {
        "resolved_cases": 0,
        "incoming_mails": 0,
        "triage": 0,
        "open_cases": 0,
        "helpdesk_teams": 0,
    }
    categories = {
        code: env.ref(f"dist_helpdesk_cases.case_category_{code}") for code in ACTION
    }
    actions = {
        code: env.ref(f"dist_helpdesk_cases.case_action_{code}")
        for code in set(ACTION.values())
    }
    causes = env["dist.root.cause"].search([])
    closed = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    manager = env.ref("dist_helpdesk_cases.group_service_manager")
    doc_type = env.ref("dist_helpdesk_cases.approval_document_type_case_resolution")
    Ticket = env["helpdesk.ticket"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    for company_data in master.companies:
        company = env["res.company"].browse(company_data["id"])
        team, agent, lead = _service_desk(env, master, company_data, categories)
        counts["helpdesk_teams"] += 1
        env["dist.approval.matrix"].create(
            {
                "company_id": company.id,
                "document_type_id": doc_type.id,
                "amount_min": 500,
                "open_ended": True,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": manager.id,
                "sla_hours": 8,
            }
        )
        customers = [
            c["partner_id"] for c in master.customers if c["company_id"] == company.id
        ]
        if not customers:
            continue
        mails = generate_mails(HISTORY.get(scale_name, 240), seed=company.id)
        # their category comes once they are dated (_date_history)
        history = Ticket.create(
            [
                {
                    "name": subject,
                    "description": body,
                    "partner_id": rng.choice(customers),
                    "company_id": company.id,
                    "team_id": team.id,
                    # the agent works the cases, the manager one in six
                    "user_id": lead.id if n % 6 == 5 else agent.id,
                    "stage_id": closed.id,
                    "dist_root_cause_id": rng.choice(causes).id if causes else False,
                    "dist_action_done_ids": [Command.set(actions[ACTION[code]].ids)],
                }
                for n, (subject, body, code) in enumerate(mails)
            ]
        )
        counts["resolved_cases"] += len(mails)
        _date_history(
            env,
            {
                ticket: categories[code]
                for ticket, (_subject, _body, code) in zip(history, mails, strict=True)
            },
            rng,
            today,
            company_data["tz"],
        )
        env["dist.case.classifier"]._dist_for(company).action_train()
        # the mails come from a customer with a confirmed order of the company
        order = env["sale.order"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", customers),
                ("state", "=", "sale"),
            ],
            order="id",
            limit=1,
        )
        partner = order.partner_id or env["res.partner"].browse(customers[0])
        incoming = list(INCOMING)
        if order:
            incoming.append(
                (f"Where is {order.name}?", "Our order has still not arrived.")
            )
        for subject, body in incoming:
            ticket = Ticket.with_company(company).message_new(
                {
                    "subject": subject,
                    "body": f"<p>{body}</p>",
                    "author_id": partner.id,
                    "email_from": partner.email or "customer@example.com",
                },
                custom_values={
                    "company_id": company.id,
                    "team_id": team.id,
                    "user_id": agent.id,
                },
            )
            counts["incoming_mails"] += 1
            counts["triage"] += int(ticket.dist_needs_triage)
        counts["open_cases"] += _open_cases(
            env,
            company,
            company_data["tz"],
            (team, agent),
            customers,
            categories,
            (today, _moment(master, today)),
        )
        # the cases the exception register opened (short shipments, late
        # deliveries) go to the company's desk and its agent
        Ticket.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("team_id", "=", False),
                ("user_id", "=", False),
            ]
        ).write({"team_id": team.id, "user_id": agent.id})
    # the statuses at the demo's moment, as the SLA cron would sweep them
    # (its escalations are left to the cron)
    env["helpdesk.ticket"]._dist_sweep_statuses(_moment(master, today))
    return counts


def _service_desk(env, master, company_data, categories):
    """The company's helpdesk team: its service agent and manager, the
    manager leading, handling the six categories. Returns (team, agent,
    manager)."""
    users = env["res.users"]
    agent = users.browse(master.users[f"service_agent_{company_data['key']}"])
    lead = users.browse(master.users[f"service_manager_{company_data['key']}"])
    team = env["helpdesk.ticket.team"].create(
        {
            "name": f"Service desk {company_data['code']}",
            "company_id": company_data["id"],
            "user_id": lead.id,
            "user_ids": [Command.set((agent | lead).ids)],
            "category_ids": [Command.set([c.id for c in categories.values()])],
        }
    )
    return team, agent, lead


def _moment(master, today):
    """The demo's moment today (naive UTC)."""
    return _local(today, OPEN_AT, master.companies[0]["tz"])


def _local(day, hour, tz):
    """`hour` o'clock of `day` in `tz`, as naive UTC like Odoo's."""
    local = datetime.datetime.combine(day, datetime.time(hour))
    return pytz.timezone(tz).localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def _open_cases(env, company, tz, desk, customers, categories, when):
    """Today's open cases of `company` (OPEN_CASES), opened and answered
    when the profile says, their deadlines planned by the suite from those
    moments. Returns how many."""
    team, agent = desk
    today, moment = when
    rng = random.Random(company.id)
    days = weekdays(today, 12)
    stages = {
        False: env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new"),
        True: env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
    }
    Ticket = env["helpdesk.ticket"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    tickets = Ticket.create(
        [
            {
                "name": OPEN_SUBJECTS[code][0],
                "description": f"<p>{OPEN_SUBJECTS[code][1]}</p>",
                "partner_id": rng.choice(customers),
                "company_id": company.id,
                "team_id": team.id,
                "user_id": agent.id,
                "stage_id": stages[answered].id,
            }
            for code, _ago, _hour, answered in OPEN_CASES
        ]
    )
    opened, answers = {}, {}
    for ticket, (_code, ago, hour, answered) in zip(tickets, OPEN_CASES, strict=True):
        opened[ticket.id] = (
            _local(days[-ago], hour, tz)
            if ago
            else moment - datetime.timedelta(minutes=45)
        )
        if answered:
            answers[ticket.id] = opened[ticket.id] + datetime.timedelta(minutes=40)
    set_column(env, "helpdesk_ticket", "dist_sla_start", opened)
    set_column(env, "helpdesk_ticket", "create_date", opened)
    set_column(env, "helpdesk_ticket", "dist_first_response_date", answers)
    tickets.invalidate_recordset()
    for ticket, (code, _ago, _hour, _answered) in zip(tickets, OPEN_CASES, strict=True):
        ticket.write({"category_id": categories[code].id})
    return len(tickets)


def _date_history(env, categories, rng, today, tz):
    """Open the resolved cases (`categories`: {case: its category}) on
    weekdays of the last HISTORY_DAYS and close them as their SLA says.

    The cases are stamped as opened then, and get their category: the
    suite plans their deadlines from that opening in the category's working
    time, as when a case gets its category. Closing them, the suite's own
    rule says met or breached; creation, closing and last stage change
    are then moved to those moments."""
    tickets = env["helpdesk.ticket"].union(*categories)
    days = weekdays(today, HISTORY_DAYS)
    opened = {
        ticket.id: working_moment(rng.choice(days), rng, tz) for ticket in tickets
    }
    set_column(env, "helpdesk_ticket", "dist_sla_start", opened)
    set_column(env, "helpdesk_ticket", "create_date", opened)
    tickets.invalidate_recordset()
    by_category = {}
    for ticket, category in categories.items():
        by_category.setdefault(category, env["helpdesk.ticket"])
        by_category[category] |= ticket
    for category, cases in by_category.items():
        cases.write({"category_id": category.id})
    latest = datetime.datetime.combine(today, datetime.time())
    closed = {}
    for ticket in tickets:
        start, deadline = opened[ticket.id], ticket.dist_resolution_deadline
        if rng.random() < BREACHED:
            moment = deadline + datetime.timedelta(hours=rng.uniform(2, 60))
        else:
            moment = start + (deadline - start) * rng.uniform(0.15, 0.95)
        closed[ticket.id] = min(moment, latest)
        ticket._dist_close_sla(closed[ticket.id])
    for column in ("closed_date", "last_stage_update"):
        set_column(env, "helpdesk_ticket", column, closed)
    tickets.invalidate_recordset()

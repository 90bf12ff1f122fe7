"""Suggestions for the open case: resolved cases like it (full-text match
on subject and description, same company, same category when it has one)
and the playbook steps of its category ranked by what settled those cases."""

from collections import Counter

from odoo import api, fields, models
from odoo.tools import SQL

from .. import classify

SIMILAR = 5
QUERY_WORDS = 12
POOL = 5000


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "dist.system.fields.mixin"]
    # the playbook actions a resolution took, recorded by the resolution
    _dist_system_fields = ("dist_action_done_ids",)

    dist_action_done_ids = fields.Many2many(
        comodel_name="dist.case.action",
        relation="dist_ticket_action_done_rel",
        string="Actions taken",
        readonly=True,
        copy=False,
        help="Resolution actions applied to the case: what similar cases "
        "suggest later.",
    )
    dist_suggestions = fields.Html(
        string="Suggestions",
        compute="_compute_dist_suggestions",
        sanitize=False,
        # other customers' cases: for the service desk, never the portal
        groups="helpdesk_mgmt.group_helpdesk_user",
    )

    def init(self):
        result = super().init()
        cr = self.env.cr
        # the words of each case, kept by PostgreSQL itself (a generated
        # column the ORM does not manage) and indexed: the similar-case
        # search neither parses texts nor reads cases that share no word.
        # Both are dropped by the addon's uninstall_hook (hooks.py).
        cr.execute(
            SQL(
                "ALTER TABLE helpdesk_ticket ADD COLUMN IF NOT EXISTS "
                "dist_text_vector tsvector GENERATED ALWAYS AS (%s) STORED",
                SQL(
                    "to_tsvector('simple'::regconfig, coalesce(name, '') "
                    "|| ' ' || coalesce(description, ''))"
                ),
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dist_helpdesk_ticket_text_vector_idx "
                "ON helpdesk_ticket USING gin (dist_text_vector)"
            )
        )
        return result

    def _dist_similar_cases(self, limit=SIMILAR):
        """Resolved cases of the company most like this one, best first."""
        self.ensure_one()
        text = self.env["dist.case.classifier"]._dist_text(self.name, self.description)
        words = [w for w in classify.tokens(text) if "_" not in w]
        words = [w for w, __ in Counter(words).most_common(QUERY_WORDS)]
        if not words:
            return self.browse()
        category = self.category_id or self.dist_suggested_category_id
        # ranked among the most recent matches only: with a common word in
        # every case the cost stays flat, and recent cases are the ones
        # that tell how things are settled today
        self.env.cr.execute(
            SQL(
                """
                WITH q AS (SELECT to_tsquery('simple', %(query)s) AS q),
                matches AS (
                    SELECT t.id, t.dist_text_vector AS v
                      FROM helpdesk_ticket t
                      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id, q
                     WHERE s.closed
                       AND t.company_id = %(company)s
                       AND t.id != %(id)s
                       AND (%(category)s IS NULL OR t.category_id = %(category)s)
                       AND t.dist_text_vector @@ q.q
                     ORDER BY t.id DESC
                     LIMIT %(pool)s
                )
                SELECT m.id
                  FROM matches m, q
                 ORDER BY ts_rank(m.v, q.q) DESC, m.id DESC
                 LIMIT %(limit)s
                """,
                company=self.company_id.id,
                id=self.id or 0,
                category=category.id or None,
                query=" | ".join(words),
                pool=POOL,
                limit=limit,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.browse(ids)

    def _dist_suggestion_values(self):
        self.ensure_one()
        similar = self._dist_similar_cases()
        taken = Counter()
        for case in similar:
            taken.update(case.dist_action_done_ids.ids)
        causes = Counter(similar.mapped("dist_root_cause_id.display_name"))
        category = self.category_id or self.dist_suggested_category_id
        done = self.dist_action_done_ids
        steps = sorted(
            category.dist_playbook_ids,
            key=lambda s: (-taken.get(s.action_id.id, 0), s.sequence, s.id),
        )
        return {
            "similar": similar,
            "steps": [
                {
                    "step": step,
                    "used": taken.get(step.action_id.id, 0),
                    "done": bool(step.action_id and step.action_id in done),
                }
                for step in steps
            ],
            "actions": [
                (self.env["dist.case.action"].browse(action_id), count)
                for action_id, count in taken.most_common()
            ],
            "causes": causes.most_common(3),
            "total": len(similar),
        }

    @api.depends("name", "description", "category_id")
    def _compute_dist_suggestions(self):
        for ticket in self:
            if not ticket.id:
                ticket.dist_suggestions = False
                continue
            ticket.dist_suggestions = self.env["ir.qweb"]._render(
                "dist_helpdesk_cases.case_suggestions",
                ticket._dist_suggestion_values(),
            )

from odoo import fields, models, tools
from odoo.tools import SQL


class DistSodConflict(models.Model):
    """Who holds a conflicting pair of duties, per company, and whether a
    waiver covers them today (the rule's company's today, in its time zone,
    as the check on group changes reads it)."""

    _name = "dist.sod.conflict"
    _description = "Conflicting duties held"
    _auto = False
    _order = "company_id, rule_id, user_id"

    rule_id = fields.Many2one(comodel_name="dist.sod.rule", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", readonly=True)
    duty_a_id = fields.Many2one(
        comodel_name="dist.sod.duty", string="Duty", readonly=True
    )
    duty_b_id = fields.Many2one(
        comodel_name="dist.sod.duty", string="Conflicts with", readonly=True
    )
    waiver_id = fields.Many2one(comodel_name="dist.sod.waiver", readonly=True)
    waived = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT row_number() OVER (ORDER BY r.id, u.id) AS id,
                           r.id AS rule_id,
                           r.company_id,
                           u.id AS user_id,
                           r.duty_a_id,
                           r.duty_b_id,
                           w.id AS waiver_id,
                           w.id IS NOT NULL AS waived
                      FROM dist_sod_rule r
                      JOIN res_company c ON c.id = r.company_id
                      JOIN res_partner cp ON cp.id = c.partner_id
                     CROSS JOIN LATERAL (
                            SELECT (now() AT TIME ZONE COALESCE(cp.tz, 'UTC'))::date
                                   AS today
                     ) z
                      JOIN res_company_users_rel cu ON cu.cid = r.company_id
                      JOIN res_users u
                        ON u.id = cu.user_id AND u.active AND NOT u.share
                      LEFT JOIN LATERAL (
                            SELECT w.id FROM dist_sod_waiver w
                             WHERE w.rule_id = r.id AND w.user_id = u.id
                               AND w.date_from <= z.today
                               AND w.date_to >= z.today
                             ORDER BY w.date_to DESC LIMIT 1
                      ) w ON TRUE
                     WHERE r.active
                       AND EXISTS (
                            SELECT 1 FROM dist_sod_duty_group_rel d
                              JOIN res_groups_users_rel g ON g.gid = d.group_id
                             WHERE d.duty_id = r.duty_a_id AND g.uid = u.id)
                       AND EXISTS (
                            SELECT 1 FROM dist_sod_duty_group_rel d
                              JOIN res_groups_users_rel g ON g.gid = d.group_id
                             WHERE d.duty_id = r.duty_b_id AND g.uid = u.id)
                )
                """,
                view=SQL.identifier(self._table),
            )
        )

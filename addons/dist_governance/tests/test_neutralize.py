from odoo.modules.neutralize import neutralize_database
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestNeutralize(TransactionCase):
    """Issue 20: make staging runs Odoo's neutralization on a copy of
    production (odoo-bin neutralize, every installed module's
    data/neutralize.sql). The suite's addons ship none of their own: what
    they send goes out as mail through the outgoing mail servers, and what
    they run on a schedule is ir.cron; both are neutralized by Odoo's own
    files (base, mail). This checks that it holds for the suite's scheduled
    actions and mail, on the test cursor (rolled back)."""

    def test_neutralized_copy_sends_nothing_and_runs_nothing(self):
        production = self.env["ir.mail_server"].create(
            {"name": "Production relay", "smtp_host": "smtp.example.com"}
        )
        template = self.env["mail.template"].create(
            {
                "name": "Customer notice",
                "model_id": self.env.ref("base.model_res_partner").id,
                "mail_server_id": production.id,
            }
        )
        cron_ids = (
            self.env["ir.model.data"]
            .search([("model", "=", "ir.cron"), ("module", "=like", "dist\\_%")])
            .mapped("res_id")
        )
        suite_crons = self.env["ir.cron"].browse(cron_ids)
        # the KPI snapshots and digest at least (dist_governance)
        self.assertGreaterEqual(len(suite_crons), 2)
        suite_crons.active = True
        suite_crons.flush_recordset()

        neutralize_database(self.env.cr)
        self.env.invalidate_all()

        self.assertFalse(any(suite_crons.mapped("active")))
        active_crons = self.env["ir.cron"].search([])
        self.assertEqual(active_crons, self.env.ref("base.autovacuum_job"))
        self.assertFalse(production.active)
        servers = self.env["ir.mail_server"].search([])
        self.assertTrue(servers)
        self.assertEqual(set(servers.mapped("smtp_host")), {"invalid"})
        self.assertFalse(template.mail_server_id)
        # a mail from the suite (a KPI digest, a note to a customer) finds
        # no server but the one that cannot deliver
        server, _from = self.env["ir.mail_server"]._find_mail_server(
            "owner@example.com"
        )
        self.assertEqual(server.smtp_host, "invalid")
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("database.is_neutralized"),
            "true",
        )

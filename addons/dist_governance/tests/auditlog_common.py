from ast import literal_eval

from odoo.addons.dist_governance.tests.common import DistRolesCase


class AuditlogCase(DistRolesCase):
    """Reads what OCA auditlog wrote for a change, as the superuser."""

    def logged_change(self, record, user, field_name, method="write"):
        """(old value, new value) of the last `method` log line of
        `field_name` on `record` done by `user`, or None."""
        lines = self.env["auditlog.log.line"].search(
            [
                ("log_id.model_model", "=", record._name),
                ("log_id.res_id", "=", record.id),
                ("log_id.user_id", "=", user.id),
                ("log_id.method", "=", method),
                ("field_name", "=", field_name),
            ],
            order="id desc",
            limit=1,
        )
        if not lines:
            return None
        return self._logged_value(lines.old_value), self._logged_value(lines.new_value)

    @staticmethod
    def _logged_value(text):
        try:
            return literal_eval(text)
        except (ValueError, SyntaxError):
            return text

    def assertChangeLogged(self, record, user, field_name, old, new):
        change = self.logged_change(record, user, field_name)
        self.assertTrue(
            change,
            f"no audit log line for {user.login} changing {field_name} of {record}",
        )
        self.assertEqual(change, (old, new))

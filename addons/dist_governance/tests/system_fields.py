"""Checks of the suite's system fields (STYLE.md habit 13), shared by the
addons' test_security_system_fields modules: a role user is refused them on
create, on write and in an import, and nothing is written."""

from odoo.exceptions import UserError

REFUSAL = "kept by the suite"


class SystemFieldsChecks:
    """Mixed into a TransactionCase of the suite."""

    def assert_create_refused(self, model, vals, field, value, domain):
        """Creating `vals` with `field` = `value` as `model`'s user is
        refused, and no record of `domain` exists after."""
        Sudo = model.sudo()
        before = Sudo.search_count(domain)
        with self.assertRaisesRegex(UserError, REFUSAL, msg=field):
            model.create({**vals, field: value})
        self.assertEqual(Sudo.search_count(domain), before, field)

    def assert_write_refused(self, record, field, value):
        """Writing `field` = `value` on `record` as its user is refused and
        the field keeps its value."""
        stored = record.sudo()
        stored.invalidate_recordset()
        before = stored[field]
        with self.assertRaisesRegex(UserError, REFUSAL, msg=field):
            record.write({field: value})
        stored.invalidate_recordset()
        self.assertEqual(stored[field], before, field)

    def assert_load_refused(self, model, columns, row, domain):
        """Importing `row` under `columns` as `model`'s user reports the
        refusal (load answers with messages, it does not raise) and creates
        nothing of `domain`."""
        Sudo = model.sudo()
        before = Sudo.search_count(domain)
        result = model.load(columns, [row])
        self.assertFalse(result["ids"], columns)
        self.assertTrue(
            any(REFUSAL in message["message"] for message in result["messages"]),
            result["messages"],
        )
        self.assertEqual(Sudo.search_count(domain), before, columns)

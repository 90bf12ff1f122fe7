"""The shipped case categories name the exception types that open their
cases (dist_exception_codes). The field came after the categories, in
noupdate data: a database that had the addon before got it empty, and late,
short and refused deliveries opened no case. Fill it on the shipped
categories where it is still empty; a code an administrator set (or a
category of their own) is left as it is."""

from lxml import etree
from openupgradelib import openupgrade

from odoo.tools.misc import file_path

DATA = "dist_helpdesk_cases/data/helpdesk_ticket_category_data.xml"


def shipped_codes():
    """{xmlid: codes} of the categories data/ ships with exception codes."""
    codes = {}
    for record in etree.parse(file_path(DATA)).iterfind(
        ".//record[@model='helpdesk.ticket.category']"
    ):
        field = record.find("field[@name='dist_exception_codes']")
        if field is not None and (field.text or "").strip():
            codes[f"dist_helpdesk_cases.{record.get('id')}"] = field.text.strip()
    return codes


@openupgrade.migrate()
def migrate(env, version):
    for xmlid, codes in shipped_codes().items():
        category = env.ref(xmlid, raise_if_not_found=False)
        if category and not (category.dist_exception_codes or "").strip():
            category.dist_exception_codes = codes

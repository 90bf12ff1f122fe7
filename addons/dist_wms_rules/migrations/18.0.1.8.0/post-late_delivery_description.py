"""The late-delivery exception is raised when the date promised to the
customer passes and the delivery has not left (it used to be a delivery
that left more than a day late); its type is noupdate data, so a database
that had the addon kept the old description. Write the current one where
the description is still a text this addon shipped; an administrator's own
text stays."""

from lxml import etree
from openupgradelib import openupgrade

from odoo.tools.misc import file_path

XMLID = "dist_wms_rules.exception_type_late_delivery"
# the descriptions earlier versions shipped (git log -p on the data file)
OLD_DESCRIPTIONS = (
    "A delivery left the warehouse more than a day after its scheduled date. "
    "Find the root cause: supplier lead time, receiving backlog, stock "
    "accuracy, order release or transport.",
)


def current_description():
    tree = etree.parse(file_path("dist_wms_rules/data/dist_exception_type_data.xml"))
    record = tree.find(".//record[@id='exception_type_late_delivery']")
    return record.find("field[@name='description']").text


@openupgrade.migrate()
def migrate(env, version):
    exception_type = env.ref(XMLID, raise_if_not_found=False)
    if exception_type and (exception_type.description or "").strip() in (
        OLD_DESCRIPTIONS
    ):
        exception_type.description = current_description()

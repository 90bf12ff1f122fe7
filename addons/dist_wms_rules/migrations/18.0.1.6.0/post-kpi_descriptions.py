"""The KPIs are shipped noupdate: a database that had the addon keeps their
old descriptions on upgrade. Rewrite the description of each KPI this addon
ships from data/dist_kpi_data.xml (the aged stock KPIs are now aged by the
receipts' valuation layers, not the quants' first receipt), leaving the
rest of each KPI (targets, owners, names an administrator changed) as it
is."""

from lxml import etree
from openupgradelib import openupgrade

from odoo.tools.misc import file_path


@openupgrade.migrate()
def migrate(env, version):
    tree = etree.parse(file_path("dist_wms_rules/data/dist_kpi_data.xml"))
    for record in tree.iterfind(".//record[@model='dist.kpi']"):
        description = record.find("field[@name='description']")
        kpi = env.ref(f"dist_wms_rules.{record.get('id')}", raise_if_not_found=False)
        if kpi and description is not None:
            kpi.description = description.text

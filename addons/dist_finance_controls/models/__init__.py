from . import res_company_credit
from . import res_partner_credit
from . import dist_credit_release
from . import sale_order
from . import dist_kpi_credit

from . import res_company_landed
from . import stock_landed_cost
from . import stock_picking_landed
from . import dist_kpi

from . import dist_sale_margin_rule
from . import dist_sale_price_exception
from . import sale_order_margin
from . import res_company_price
from . import product_supplierinfo
from . import dist_vendor_price_change

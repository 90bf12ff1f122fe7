from . import dist_case_resolution
from . import helpdesk_ticket
from . import stock_picking

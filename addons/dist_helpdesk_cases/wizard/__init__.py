from . import helpdesk_ticket_resolve
from . import helpdesk_ticket_resolve_line
from . import stock_return_picking

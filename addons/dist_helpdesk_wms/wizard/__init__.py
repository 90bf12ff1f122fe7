from . import helpdesk_ticket_resolve

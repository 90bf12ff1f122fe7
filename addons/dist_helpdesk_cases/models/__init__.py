from . import dist_case_action
from . import helpdesk_ticket_category
from . import helpdesk_ticket_stage
from . import helpdesk_ticket
from . import helpdesk_ticket_links
from . import dist_exception
from . import helpdesk_ticket_panel
from . import dist_case_resolution

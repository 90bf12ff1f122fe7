from . import account_move_poster
from . import res_partner_bank
from . import account_payment
from . import dist_sod_rule

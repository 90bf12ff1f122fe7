from . import dist_match_tolerance
from . import account_move_line
from . import account_move

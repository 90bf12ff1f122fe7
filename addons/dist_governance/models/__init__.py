from . import review_route
from . import tier_review
from . import tier_validation
from . import comment_wizard
from . import dist_audit_entry
from . import dist_root_cause
from . import dist_exception_type
from . import dist_exception

from . import dist_sod_conflict
from . import dist_root_cause_pareto

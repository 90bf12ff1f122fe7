from . import dist_delivery_backlog

from . import models
from . import engine
from . import stats
from . import wizard
from .hooks import post_init_hook, uninstall_hook

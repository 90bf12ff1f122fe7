from . import models
from . import stats

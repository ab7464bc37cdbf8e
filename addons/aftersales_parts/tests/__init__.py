from . import test_security_groups
from . import test_catalogue
from . import test_demand_history

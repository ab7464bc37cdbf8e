from . import test_security_groups
from . import test_catalogue
from . import test_demand_history
from . import test_forecast_run
from . import test_forecast_jobs
from . import test_forecast_apply
from . import test_forecast_security

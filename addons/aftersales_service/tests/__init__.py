from . import test_security_groups
from . import test_open_app_tour
from . import test_translations
from . import test_installed_base
from . import test_service_strategy
from . import test_service_requests
from . import test_visits
from . import test_request_visit_tour

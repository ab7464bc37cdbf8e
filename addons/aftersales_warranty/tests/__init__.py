from . import test_security_groups
from . import test_claim_flows
from . import test_claim_tour

from . import test_security_groups
from . import test_claim_flows
from . import test_claim_approval
from . import test_claim_input
from . import test_claim_concurrency
from . import test_warranty_clock
from . import test_warranty_security

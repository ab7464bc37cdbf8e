from . import aftersales_claim_step_wizard
from . import aftersales_warranty_import
from . import aftersales_warranty_import_rows
from . import aftersales_claim_decision_wizard
from . import aftersales_return_waiver_wizard

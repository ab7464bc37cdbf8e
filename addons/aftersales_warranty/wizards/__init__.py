from . import aftersales_claim_step_wizard

from . import aftersales_claim_analysis
from . import aftersales_failure_rate
from . import aftersales_failure_rate_summary
from . import aftersales_warranty_reserve
from . import aftersales_warranty_cover_summary
from . import aftersales_service_revenue
from . import aftersales_first_time_fix

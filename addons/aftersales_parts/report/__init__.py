from . import aftersales_parts_accuracy_report
from . import aftersales_parts_fill_rate_report
from . import aftersales_parts_risk_report
from . import aftersales_parts_stock_value_report

from . import aftersales_service_strategy
from . import aftersales_equipment
from . import aftersales_equipment_ownership
from . import helpdesk_sla
from . import helpdesk_ticket
from . import product_category
from . import product_template
from . import stock_move

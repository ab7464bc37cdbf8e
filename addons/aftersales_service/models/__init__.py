from . import aftersales_equipment
from . import aftersales_equipment_ownership
from . import helpdesk_ticket
from . import product_template
from . import stock_move

from . import aftersales_equipment
from . import aftersales_part_demand
from . import aftersales_part_fitment
from . import product_template
from . import purchase_order_line

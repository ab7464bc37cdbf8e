from . import portal
from . import portal_order_claim
from . import portal_campaign

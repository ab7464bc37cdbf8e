from . import aftersales_remedy_rule_set
from . import aftersales_remedy_rule

from . import test_security_groups
from . import test_remedy_evaluator
from . import test_remedy_rule_sets

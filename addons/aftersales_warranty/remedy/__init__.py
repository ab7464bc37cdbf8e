"""Remedy rule evaluation in plain Python (no Odoo import), so it is tested on its own.

A rule set is an ordered list of rules. Each rule has conditions (an unset condition always
holds) and an outcome: the remedies allowed, who chooses among them and whether the claim must
be escalated. `evaluate` returns the outcome of the first rule, in sequence order, whose set
conditions all hold.

Conditions, with the fact each one reads:

- ``within_days``: ``days_since_clock_start <= within_days`` (day 0 is the clock start, so
  "within 7 days" holds up to and including day 7);
- ``min_unresolved_repairs``: ``unresolved_repairs >= min_unresolved_repairs``;
- ``min_days_out_of_service``: ``days_out_of_service >= min_days_out_of_service``;
- ``min_days_in_current_repair``: ``days_in_current_repair >= min_days_in_current_repair``;
- ``if_repair_overdue``: the repair time (agreed on the intake document, statutory or
  "reasonable") ended without a fix (``repair_overdue``);
- ``defect_class``: the defect is **at least** this severe (minor < major < serious);
- ``min_major_part_replacements``: ``major_part_replacements >= min_major_part_replacements``
  (earlier replacements of this major system or main part: engine, transmission, traction
  battery, drive motor, or the same main part of a major system);
- ``min_serious_safety_repairs``: ``serious_safety_repairs >= min_serious_safety_repairs``
  (earlier repairs of serious safety failures on the unit, whatever their failure code: the
  same failure not fixed, or a new one);
- ``if_performance_failure``: the failure is a performance failure (``performance_failure``);
- ``max_usage``: ``usage <= max_usage`` when the usage is known; an unknown usage does not
  make the rule fail (the condition is checked "when given").

Escalation values: ``"none"`` (handled by warranty users), ``"manager"`` (a warranty manager
decides, e.g. a price reduction to agree), ``"legal"`` (refer to legal or compliance).
"""

from dataclasses import dataclass, field
from datetime import date

# The one remedy vocabulary: the rules, the claims and the reports build their selections from
# it. Labels are English source strings; the ORM translates them where they are shown.
REMEDY_LABELS = {
    "repair": "Repair",
    "replace": "Replace",
    "refund": "Refund",
    "price_reduction": "Price Reduction",
}
REMEDIES = tuple(REMEDY_LABELS)
# the orders of preference a rule may give its allowed remedies
# (a price reduction comes after the remedies that end or cure the non-conformity)
REMEDY_ORDERS = {
    "repair_first": ("repair", "replace", "refund", "price_reduction"),
    "refund_first": ("refund", "replace", "repair", "price_reduction"),
    "replace_first": ("replace", "refund", "repair", "price_reduction"),
}
# how a price reduction's amount is proposed; it is always capped by the price paid
PRICE_REDUCTION_METHODS = ("defect_class", "repair_cost", "entered")


def price_reduction(method, price, defect_class=None, shares=None, repair_cost=0.0, entered=0.0):
    """The proposed price reduction, capped by the price paid (the goods stay with the
    customer: EU Art. 15, Malaysia's compensation for the reduction in value).

    - ``defect_class``: ``price`` x ``shares[defect_class]`` % (a share of the price per class);
    - ``repair_cost``: what remedying the defect would cost;
    - ``entered``: the amount the handler entered.
    """
    if method not in PRICE_REDUCTION_METHODS:
        raise ValueError(f"Unknown price reduction method {method!r}")
    if method == "defect_class":
        amount = price * (shares or {}).get(defect_class, 0.0) / 100.0
    elif method == "repair_cost":
        amount = repair_cost
    else:
        amount = entered
    return max(min(amount, price), 0.0)


DEFECT_CLASSES = ("minor", "major", "serious")  # increasing severity
CHOOSERS = ("customer", "seller")
ESCALATIONS = ("none", "manager", "legal")


@dataclass(frozen=True)
class ClaimFacts:
    days_since_clock_start: int
    unresolved_repairs: int = 0
    days_out_of_service: int = 0
    defect_class: str = "minor"
    usage: float | None = None
    days_in_current_repair: int = 0
    repair_overdue: bool = False
    major_part_replacements: int = 0
    serious_safety_repairs: int = 0
    performance_failure: bool = False

    def __post_init__(self):
        if self.defect_class not in DEFECT_CLASSES:
            raise ValueError(f"Unknown defect class {self.defect_class!r}")
        for name in (
            "days_since_clock_start",
            "unresolved_repairs",
            "days_out_of_service",
            "days_in_current_repair",
            "major_part_replacements",
            "serious_safety_repairs",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")
        if self.usage is not None and self.usage < 0:
            raise ValueError("usage cannot be negative")


@dataclass(frozen=True)
class Rule:
    name: str
    sequence: int = 10
    within_days: int | None = None
    min_unresolved_repairs: int | None = None
    min_days_out_of_service: int | None = None
    min_days_in_current_repair: int | None = None
    if_repair_overdue: bool = False
    defect_class: str | None = None
    max_usage: float | None = None
    min_major_part_replacements: int | None = None
    min_serious_safety_repairs: int | None = None
    if_performance_failure: bool = False
    remedies: tuple[str, ...] = ("repair",)
    chooser: str = "seller"
    escalation: str = "none"
    key: int | None = None  # the stored rule's id, to name it in the reader's language

    def __post_init__(self):
        unknown = set(self.remedies) - set(REMEDIES)
        if unknown:
            raise ValueError(f"Rule {self.name!r}: unknown remedies {sorted(unknown)}")
        if not self.remedies and self.escalation == "none":
            raise ValueError(f"Rule {self.name!r} allows no remedy and does not escalate")
        if self.chooser not in CHOOSERS:
            raise ValueError(f"Rule {self.name!r}: unknown chooser {self.chooser!r}")
        if self.escalation not in ESCALATIONS:
            raise ValueError(f"Rule {self.name!r}: unknown escalation {self.escalation!r}")
        if self.defect_class is not None and self.defect_class not in DEFECT_CLASSES:
            raise ValueError(f"Rule {self.name!r}: unknown defect class {self.defect_class!r}")
        for key, _fact, _holds in _CONDITIONS:
            threshold = getattr(self, key)
            if isinstance(threshold, int | float) and threshold < 0:
                raise ValueError(f"Rule {self.name!r}: {key} cannot be negative")


@dataclass(frozen=True)
class RuleSet:
    name: str
    rules: tuple[Rule, ...] = ()
    exclude_repair_time: bool = False  # time in repair does not count toward the warranty clock
    replacement_restarts_warranty: bool = False
    loaner_after_days: int = 0  # a loaner is due once a repair lasts more than this; 0 = never
    repair_extension_months: int = 0  # liability extended once when repair is the remedy
    repair_extension_from: date | None = None  # repairs from this date get the extension
    code: str | None = None

    def __post_init__(self):
        if self.loaner_after_days < 0 or self.repair_extension_months < 0:
            raise ValueError(f"Rule set {self.name!r}: options cannot be negative")


@dataclass(frozen=True)
class Verdict:
    remedies: tuple[str, ...]
    chooser: str
    escalation: str
    rule_name: str | None
    rule_sequence: int | None
    conditions: tuple = field(default=())  # (condition_key, threshold, actual value)
    loaner_required: bool = False
    rule_key: int | None = None

    @property
    def matched(self):
        return self.rule_name is not None

    def to_data(self):
        """The verdict as plain JSON-able data, to be stored and rendered when read."""
        return {
            "remedies": list(self.remedies),
            "chooser": self.chooser,
            "escalation": self.escalation,
            "rule_name": self.rule_name,
            "rule_sequence": self.rule_sequence,
            "conditions": [list(condition) for condition in self.conditions],
            "loaner_required": self.loaner_required,
            "rule_key": self.rule_key,
        }

    @classmethod
    def from_data(cls, data):
        """The verdict `to_data` stored."""
        return cls(
            remedies=tuple(data["remedies"]),
            chooser=data["chooser"],
            escalation=data["escalation"],
            rule_name=data["rule_name"],
            rule_sequence=data["rule_sequence"],
            conditions=tuple(tuple(condition) for condition in data["conditions"]),
            loaner_required=data["loaner_required"],
            rule_key=data.get("rule_key"),
        )


def _severity(defect_class):
    return DEFECT_CLASSES.index(defect_class)


# (condition key on the rule, fact it reads, test(threshold, actual)); a condition whose
# threshold is None (or False for the flag) is unset and always holds.
_CONDITIONS = (
    ("within_days", "days_since_clock_start", lambda limit, actual: actual <= limit),
    ("min_unresolved_repairs", "unresolved_repairs", lambda least, actual: actual >= least),
    ("min_days_out_of_service", "days_out_of_service", lambda least, actual: actual >= least),
    (
        "min_days_in_current_repair",
        "days_in_current_repair",
        lambda least, actual: actual >= least,
    ),
    ("if_repair_overdue", "repair_overdue", lambda _flag, actual: actual),
    (
        "defect_class",
        "defect_class",
        lambda least, actual: _severity(actual) >= _severity(least),
    ),
    ("max_usage", "usage", lambda limit, actual: actual is None or actual <= limit),
    (
        "min_major_part_replacements",
        "major_part_replacements",
        lambda least, actual: actual >= least,
    ),
    (
        "min_serious_safety_repairs",
        "serious_safety_repairs",
        lambda least, actual: actual >= least,
    ),
    ("if_performance_failure", "performance_failure", lambda _flag, actual: actual),
)


def rule_conditions(rule, facts):
    """The set conditions of `rule` as (key, threshold, actual, holds) tuples."""
    result = []
    for key, fact, holds in _CONDITIONS:
        threshold = getattr(rule, key)
        if threshold is None or threshold is False:
            continue
        actual = getattr(facts, fact)
        result.append((key, threshold, actual, bool(holds(threshold, actual))))
    return result


def loaner_required(rule_set, facts):
    return 0 < rule_set.loaner_after_days < facts.days_in_current_repair


def evaluate(rule_set, facts):
    """The verdict of the first rule, in sequence order, whose set conditions all hold."""
    loaner = loaner_required(rule_set, facts)
    for rule in sorted(rule_set.rules, key=lambda rule: rule.sequence):
        conditions = rule_conditions(rule, facts)
        if all(holds for *_condition, holds in conditions):
            return Verdict(
                remedies=tuple(rule.remedies),
                chooser=rule.chooser,
                escalation=rule.escalation,
                rule_name=rule.name,
                rule_sequence=rule.sequence,
                conditions=tuple(condition[:3] for condition in conditions),
                loaner_required=loaner,
                rule_key=rule.key,
            )
    return Verdict(
        remedies=(),
        chooser="seller",
        escalation="none",
        rule_name=None,
        rule_sequence=None,
        conditions=(),
        loaner_required=loaner,
    )

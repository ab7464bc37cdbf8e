from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import remedy

# the remedy vocabulary of the evaluator, with its labels: every remedy selection comes from it
REMEDY_SELECTION = list(remedy.REMEDY_LABELS.items())
REMEDY_ORDER_SELECTION = [
    (key, ", ".join(remedy.REMEDY_LABELS[name] for name in order))
    for key, order in remedy.REMEDY_ORDERS.items()
]
DEFECT_CLASS_SELECTION = [("minor", "Minor"), ("major", "Major"), ("serious", "Serious")]

# Integer and float conditions: 0 means "no condition" (the ORM stores no NULL for numbers).
NUMERIC_CONDITIONS = (
    "within_days",
    "min_unresolved_repairs",
    "min_days_out_of_service",
    "min_days_in_current_repair",
    "max_usage",
    "min_major_part_replacements",
    "min_serious_safety_repairs",
)


class AftersalesRemedyRule(models.Model):
    """One rule of a remedy rule set: conditions on the claim's facts and the outcome."""

    _name = "aftersales.remedy.rule"
    _description = "Remedy Rule"
    _order = "rule_set_id, sequence, id"

    rule_set_id = fields.Many2one(
        "aftersales.remedy.rule.set", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="rule_set_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10, help="The first rule whose conditions all hold wins.")
    name = fields.Char(required=True, translate=True)
    # Conditions: every condition that is set must hold; 0 / empty means not set.
    within_days = fields.Integer(
        string="Within (days)",
        help="Holds when the failure is at most this many days after the warranty clock "
        "start (day 0). 0: no condition.",
    )
    min_unresolved_repairs = fields.Integer(
        string="Unresolved Repairs (at least)",
        help="Earlier repairs of the same defect that did not fix it. 0: no condition.",
    )
    min_days_out_of_service = fields.Integer(
        string="Days Out of Service (at least)",
        help="Cumulative days the unit spent in warranty repair. 0: no condition.",
    )
    min_days_in_current_repair = fields.Integer(
        string="Days in Current Repair (at least)",
        help="Days the unit has been in the current repair, e.g. waiting for parts. "
        "0: no condition.",
    )
    if_repair_overdue = fields.Boolean(
        string="Repair Overdue",
        help="Holds only when the repair time (agreed at intake, statutory or reasonable) "
        "ended without a fix.",
    )
    defect_class = fields.Selection(
        DEFECT_CLASS_SELECTION,
        string="Defect Class (at least)",
        help="Holds for defects at least this severe (minor < major < serious). Empty: any defect.",
    )
    max_usage = fields.Float(
        string="Usage (at most)",
        help="Usage counter limit (km, hours). Checked when the claim gives a usage; an "
        "unknown usage does not block the rule. 0: no condition.",
    )
    min_major_part_replacements = fields.Integer(
        string="Major Part Replacements (at least)",
        help="Earlier replacements, on this unit, of the major system or main part the failure "
        "code names (engine, transmission, traction battery, drive motor, or the same main "
        "part of a major system). 0: no condition.",
    )
    min_serious_safety_repairs = fields.Integer(
        string="Serious Safety Repairs (at least)",
        help="Earlier repairs of serious safety failures on this unit, whatever their failure "
        "code (the same failure not fixed, or a new one). 0: no condition.",
    )
    if_performance_failure = fields.Boolean(
        string="Performance Failure",
        help="Holds only when the failure code is a performance failure.",
    )
    # Outcome
    allow_repair = fields.Boolean(string="Repair")
    allow_replace = fields.Boolean(string="Replace")
    allow_refund = fields.Boolean(string="Refund")
    allow_price_reduction = fields.Boolean(
        string="Price Reduction",
        help="Part of the price is repaid and the goods stay with the customer.",
    )
    remedy_order = fields.Selection(
        REMEDY_ORDER_SELECTION,
        string="Preference",
        required=True,
        default="repair_first",
        help="Order in which the allowed remedies are proposed.",
    )
    chooser = fields.Selection(
        [("customer", "Customer"), ("seller", "Seller")],
        string="Chosen By",
        required=True,
        default="seller",
    )
    escalation = fields.Selection(
        [("none", "None"), ("manager", "Warranty Manager"), ("legal", "Legal Review")],
        required=True,
        default="none",
        help="None: warranty users handle the claim. Warranty manager: a manager decides "
        "(e.g. a price reduction to agree). Legal review: refer to legal or compliance.",
    )
    remedies_display = fields.Char(string="Remedies", compute="_compute_remedies_display")

    @api.model
    def _remedy_labels(self):
        """{remedy: label} in the reader's language (the claim's selection of the vocabulary
        carries the translations)."""
        claim_field = self.env["aftersales.claim"]._fields["goodwill_remedy"]
        return dict(claim_field._description_selection(self.env))

    @api.depends(
        "allow_repair", "allow_replace", "allow_refund", "allow_price_reduction", "remedy_order"
    )
    def _compute_remedies_display(self):
        labels = self._remedy_labels()
        for rule in self:
            rule.remedies_display = ", ".join(labels[r] for r in rule._remedies())

    @api.constrains(*NUMERIC_CONDITIONS)
    def _check_conditions_not_negative(self):
        for rule in self:
            negative = [
                rule._fields[name].get_description(self.env)["string"]
                for name in NUMERIC_CONDITIONS
                if rule[name] < 0
            ]
            if negative:
                raise ValidationError(
                    self.env._(
                        "Rule '%(rule)s': %(fields)s cannot be negative (use 0 for no condition).",
                        rule=rule.name,
                        fields=", ".join(negative),
                    )
                )

    @api.constrains(
        "allow_repair", "allow_replace", "allow_refund", "allow_price_reduction", "escalation"
    )
    def _check_outcome(self):
        for rule in self:
            if not rule._remedies() and rule.escalation == "none":
                raise ValidationError(
                    self.env._(
                        "Rule '%s' must allow at least one remedy (repair, replace, refund or "
                        "price reduction), or escalate the claim to a manager or to legal review.",
                        rule.name,
                    )
                )

    def _remedies(self):
        """The allowed remedies in the rule's order of preference."""
        self.ensure_one()
        order = remedy.REMEDY_ORDERS[self.remedy_order]
        return tuple(r for r in order if self[f"allow_{r}"])

    def _to_rule(self):
        self.ensure_one()
        return remedy.Rule(
            name=self.name,
            sequence=self.sequence,
            within_days=self.within_days or None,
            min_unresolved_repairs=self.min_unresolved_repairs or None,
            min_days_out_of_service=self.min_days_out_of_service or None,
            min_days_in_current_repair=self.min_days_in_current_repair or None,
            if_repair_overdue=self.if_repair_overdue,
            defect_class=self.defect_class or None,
            max_usage=self.max_usage or None,
            min_major_part_replacements=self.min_major_part_replacements or None,
            min_serious_safety_repairs=self.min_serious_safety_repairs or None,
            if_performance_failure=self.if_performance_failure,
            remedies=self._remedies(),
            chooser=self.chooser,
            escalation=self.escalation,
            key=self.id,
        )

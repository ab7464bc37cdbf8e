from odoo import fields, models


class AftersalesWarrantyPolicy(models.Model):
    """What a policy asks back from the customer when it replaces or refunds a unit."""

    _inherit = "aftersales.warranty.policy"  # pylint: disable=consider-merging-classes-inherited

    return_days = fields.Integer(
        string="Return Due Within (days)",
        default=30,
        help="Days the customer has, from the claim's execution, to send back a replaced or "
        "refunded unit; later it is overdue and the customer is reminded.",
    )
    return_waiver_value = fields.Float(
        string="Return Waived Up To",
        digits="Product Price",
        help="Replaced or refunded units worth at most this amount stay with the customer "
        "(a photo in the claim's evidence is enough). Zero: every unit comes back.",
    )
    return_charge_days = fields.Integer(
        string="Charge Unreturned Unit After (days)",
        help="An advance replacement whose faulty unit is still not back this many days "
        "after its due date is charged to the customer at the price they paid. Zero: never.",
    )

    _positive_return_terms = models.Constraint(
        "CHECK(return_days >= 0 AND return_waiver_value >= 0 AND return_charge_days >= 0)",
        "Return days, waiver values and charge delays cannot be negative.",
    )

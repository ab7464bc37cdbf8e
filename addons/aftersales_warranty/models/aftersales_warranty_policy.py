from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_remedy_rule_set import PRICE_REDUCTION_METHODS

CLOCK_STARTS = [
    ("delivery", "Delivery"),
    ("invoice", "Invoice"),
    ("installation", "Installation"),
    ("registration", "Customer Registration"),
]


class AftersalesWarrantyPolicy(models.Model):
    """What a warranty covers, for how long, from when, and which remedy rules apply."""

    _name = "aftersales.warranty.policy"
    _description = "Warranty Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, tracking=True
    )
    kind = fields.Selection(
        [
            ("standard", "Standard"),
            ("extended", "Extended Warranty"),
            ("contract", "Service Contract"),
        ],
        required=True,
        default="standard",
        help="An extended warranty is sold as a product and adds cover after the standard one. "
        "A service contract's cover lasts as long as the contract.",
    )
    duration = fields.Integer(required=True, default=12, tracking=True)
    duration_unit = fields.Selection(
        [("months", "Months"), ("days", "Days")], required=True, default="months", tracking=True
    )
    clock_start = fields.Selection(
        CLOCK_STARTS,
        string="Cover Starts At",
        required=True,
        default="delivery",
        tracking=True,
    )
    parts_coverage = fields.Float(string="Parts Covered (%)", default=100.0, tracking=True)
    labour_coverage = fields.Float(string="Labour Covered (%)", default=100.0, tracking=True)
    travel_coverage = fields.Float(
        string="Travel and Expenses Covered (%)", default=100.0, tracking=True
    )
    prorata = fields.Selection(
        [
            ("none", "None"),
            ("linear", "Linear"),
            ("schedule", "Schedule"),
        ],
        string="Pro-Rata",
        required=True,
        default="none",
        help="Linear: a refund credits price x (W - A) / W, W the warranty length and A the "
        "age. Schedule: from a given month of service the customer pays a share of the cost.",
    )
    prorata_ids = fields.One2many(
        "aftersales.warranty.prorata", "policy_id", string="Pro-Rata Schedule", copy=True
    )
    exclusion_ids = fields.Many2many("aftersales.warranty.exclusion", string="Exclusions")
    transferable = fields.Boolean(
        default=True, help="Cover follows the unit when it changes owner."
    )
    rule_set_id = fields.Many2one(
        "aftersales.remedy.rule.set",
        string="Remedy Rule Set",
        required=True,
        default=lambda self: self.env.ref(
            "aftersales_warranty.rule_set_manufacturer", raise_if_not_found=False
        ),
        tracking=True,
    )
    price_reduction_method = fields.Selection(
        PRICE_REDUCTION_METHODS,
        help="How a price reduction is proposed under this policy. Empty: the remedy rule "
        "set's method (and its shares by defect class).",
    )
    legal_note = fields.Html(
        translate=True, help="Printed on warranty certificates and claim reports."
    )

    @api.constrains("duration", "parts_coverage", "labour_coverage", "travel_coverage")
    def _check_figures(self):
        for policy in self:
            if policy.duration <= 0:
                raise ValidationError(self.env._("A warranty lasts at least one day or month."))
            for share in (policy.parts_coverage, policy.labour_coverage, policy.travel_coverage):
                if not 0 <= share <= 100:
                    raise ValidationError(
                        self.env._("Coverage is a share between 0 %% and 100 %%.")
                    )

    def _compute_display_name(self):
        units = dict(self._fields["duration_unit"]._description_selection(self.env))
        for policy in self:
            policy.display_name = f"{policy.name} ({policy.duration} {units[policy.duration_unit]})"

    def _end_date(self, start):
        """Last day of cover for a clock started on `start`."""
        self.ensure_one()
        if self.duration_unit == "days":
            return start + relativedelta(days=self.duration - 1)
        return start + relativedelta(months=self.duration, days=-1)

    def _duration_days(self, start):
        self.ensure_one()
        return (self._end_date(start) - start).days + 1

    def _customer_share(self, start, on_date):
        """Share of the cost (0..1) the customer pays for a failure on `on_date`."""
        self.ensure_one()
        if self.prorata == "linear":
            used = max((on_date - start).days, 0)
            return min(used / self._duration_days(start), 1.0)
        if self.prorata == "schedule":
            months = relativedelta(on_date, start)
            month_of_service = months.years * 12 + months.months + 1
            steps = self.prorata_ids.filtered(lambda s: s.from_month <= month_of_service)
            return steps[-1:].customer_share / 100.0 if steps else 0.0
        return 0.0

    @api.model
    def _standard_policy_of(self, product):
        """The product's own standard policy, else the closest category's."""
        policy = product.product_tmpl_id.aftersales_warranty_policy_id
        category = product.categ_id
        while not policy and category:
            policy = category.aftersales_warranty_policy_id
            category = category.parent_id
        return policy

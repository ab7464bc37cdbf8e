from odoo import fields, models


class AftersalesFollowupPlan(models.Model):
    """After an installation or a closed request: the calls, visits and surveys to schedule."""

    _name = "aftersales.followup.plan"
    _description = "Follow-up Plan"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    trigger = fields.Selection(
        [("installation", "Installation Done"), ("request_closed", "Request Closed")],
        required=True,
        default="installation",
    )
    category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Products of these categories and their subcategories (empty: every product).",
    )
    company_id = fields.Many2one("res.company", index=True)
    step_ids = fields.One2many("aftersales.followup.step", "plan_id", string="Steps", copy=True)
    active = fields.Boolean(default=True)

    def _applies_to(self, product):
        """Whether this plan covers `product`, through its category or a parent of it."""
        self.ensure_one()
        if not self.category_ids:
            return True
        parents = {int(id_) for id_ in product.categ_id.parent_path.split("/") if id_}
        return bool(parents & set(self.category_ids.ids))


class AftersalesFollowupStep(models.Model):
    _name = "aftersales.followup.step"
    _description = "Follow-up Step"
    _order = "offset_days, sequence, id"

    plan_id = fields.Many2one(
        "aftersales.followup.plan", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    offset_days = fields.Integer(
        string="After (days)", required=True, help="Days after the installation or the closing."
    )
    kind = fields.Selection(
        [("call", "Call"), ("visit", "Visit"), ("survey", "Satisfaction Survey")],
        required=True,
        default="call",
    )
    summary = fields.Char(translate=True)

    _offset_not_negative = models.Constraint(
        "CHECK (offset_days >= 0)", "A follow-up comes after its event, not before."
    )

from odoo import fields, models


class AftersalesVisit(models.Model):
    """The failure a repair visit found, for the first-time-fix analysis by failure code."""

    _inherit = "aftersales.visit"  # pylint: disable=consider-merging-classes-inherited

    failure_code_id = fields.Many2one(
        "aftersales.failure.code", index="btree_not_null", tracking=True
    )

from odoo import fields, models

from .aftersales_remedy_rule import REMEDY_SELECTION


class AftersalesServiceStrategy(models.Model):
    """The remedy warranty claims lean to on products of a strategy: read by claims only, so
    it lives here, in the remedy evaluator's vocabulary (price reduction included)."""

    _inherit = "aftersales.service.strategy"

    preferred_remedy = fields.Selection(
        REMEDY_SELECTION,
        required=True,
        default="repair",
        help="What warranty claims on products with this strategy lean to, among the remedies "
        "the rules allow.",
    )

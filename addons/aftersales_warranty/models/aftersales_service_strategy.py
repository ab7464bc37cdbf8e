from odoo import fields, models

from .aftersales_remedy_rule import REMEDY_SELECTION

# the service addon ships the first three remedies; the rest of the evaluator's vocabulary
SERVICE_REMEDIES = ("repair", "replace", "refund")
MORE_REMEDIES = [item for item in REMEDY_SELECTION if item[0] not in SERVICE_REMEDIES]


class AftersalesServiceStrategy(models.Model):
    """The strategy's preferred remedy is read by warranty claims only: it offers the remedy
    evaluator's whole vocabulary (price reduction included)."""

    _inherit = "aftersales.service.strategy"

    preferred_remedy = fields.Selection(
        selection_add=MORE_REMEDIES,
        ondelete={key: "set default" for key, _label in MORE_REMEDIES},
        help="What warranty claims on products with this strategy lean to, among the remedies "
        "the rules allow.",
    )

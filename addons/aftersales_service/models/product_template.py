from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_service_strategy import COST_LEVELS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_track_installed_base = fields.Boolean(
        string="Track Installed Base",
        help="Each serial number delivered to a customer becomes a unit of the installed base.",
    )
    aftersales_repair_cost = fields.Selection(
        COST_LEVELS,
        string="Cost of Repair",
        compute="_compute_aftersales_judgements",
        store=True,
        readonly=False,
        precompute=True,
        help="Taken from the product category; set it here to judge this product apart.",
    )
    aftersales_failure_cost = fields.Selection(
        COST_LEVELS,
        string="Cost of Failure",
        compute="_compute_aftersales_judgements",
        store=True,
        readonly=False,
        precompute=True,
        help="Taken from the product category; set it here to judge this product apart.",
    )
    aftersales_strategy_id = fields.Many2one(
        "aftersales.service.strategy",
        string="Service Strategy",
        compute="_compute_aftersales_strategy",
        store=True,
        index="btree_not_null",
    )
    aftersales_strategy_matrix = fields.Html(
        string="Strategy Matrix", compute="_compute_aftersales_strategy_matrix", sanitize=False
    )

    @api.depends("categ_id.aftersales_repair_cost", "categ_id.aftersales_failure_cost")
    def _compute_aftersales_judgements(self):
        for template in self:
            template.aftersales_repair_cost = template.categ_id.aftersales_repair_cost
            template.aftersales_failure_cost = template.categ_id.aftersales_failure_cost

    @api.depends("aftersales_repair_cost", "aftersales_failure_cost")
    def _compute_aftersales_strategy(self):
        # Products nobody judged (most products of a shop) need no look at the matrix.
        judged = self.filtered(lambda t: t.aftersales_repair_cost and t.aftersales_failure_cost)
        matrix = self.env["aftersales.service.strategy"]._by_quadrant() if judged else {}
        for template in self:
            quadrant = (template.aftersales_repair_cost, template.aftersales_failure_cost)
            template.aftersales_strategy_id = matrix.get(quadrant, False)

    @api.depends("aftersales_strategy_id")
    def _compute_aftersales_strategy_matrix(self):
        matrix = self.env["aftersales.service.strategy"]._by_quadrant()
        for template in self:
            template.aftersales_strategy_matrix = self.env["ir.qweb"]._render(
                "aftersales_service.strategy_matrix",
                {"matrix": matrix, "current": template.aftersales_strategy_id},
            )

    @api.constrains("aftersales_track_installed_base", "tracking")
    def _check_installed_base_needs_serials(self):
        for template in self:
            if template.aftersales_track_installed_base and template.tracking != "serial":
                raise ValidationError(
                    self.env._(
                        "%(product)s must be tracked by unique serial number to track its "
                        "installed base.",
                        product=template.display_name,
                    )
                )

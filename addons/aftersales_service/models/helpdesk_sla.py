from odoo import fields, models


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    aftersales_strategy_ids = fields.Many2many(
        "aftersales.service.strategy",
        "aftersales_strategy_helpdesk_sla_rel",
        "sla_id",
        "strategy_id",
        string="Service Strategies",
        help="Apply only to requests on products with one of these strategies (empty: to all).",
    )

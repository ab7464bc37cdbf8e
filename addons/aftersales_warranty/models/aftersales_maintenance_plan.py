from odoo import fields, models


class AftersalesMaintenancePlan(models.Model):
    _inherit = "aftersales.maintenance.plan"

    aftersales_contract_id = fields.Many2one(
        "contract.contract",
        string="Service Contract",
        index="btree_not_null",
        ondelete="cascade",
        help="The service contract whose preventive visits this plan schedules.",
    )

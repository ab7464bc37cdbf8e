from odoo import fields, models
from odoo.tools import SQL


class AftersalesFirstTimeFix(models.Model):
    """First-time fix by failure code: the code the first visit found."""

    _inherit = "aftersales.first.time.fix"
    _depends = {"aftersales.visit": ["failure_code_id"]}

    failure_code_id = fields.Many2one("aftersales.failure.code", readonly=True)

    def _select(self):
        return [*super()._select(), SQL("first.failure_code_id AS failure_code_id")]

from odoo import fields, models


class AftersalesEquipmentOwnership(models.Model):
    """Who owned a unit, from when to when: written by the unit when its owner changes."""

    _name = "aftersales.equipment.ownership"
    _description = "Installed Unit Ownership"
    _order = "date_start desc, id desc"

    equipment_id = fields.Many2one(
        "aftersales.equipment", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="equipment_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Owner", required=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To")

from odoo import api, fields, models

from .aftersales_visit import VISIT_TYPES


class AftersalesVisitChecklistItem(models.Model):
    """One point to check on every visit of a type (installation, maintenance...)."""

    _name = "aftersales.visit.checklist.item"
    _description = "Visit Checklist Item"
    _order = "visit_type, sequence, id"

    name = fields.Char(string="Check", required=True, translate=True)
    visit_type = fields.Selection(VISIT_TYPES, required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the item applies to every company."
    )


class AftersalesVisitChecklistLine(models.Model):
    """A checklist item as answered on one visit."""

    _name = "aftersales.visit.checklist.line"
    _description = "Visit Checklist Answer"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one("aftersales.visit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    item_id = fields.Many2one("aftersales.visit.checklist.item", ondelete="set null")
    name = fields.Char(string="Check", required=True)
    sequence = fields.Integer(default=10)
    result = fields.Selection(
        [("ok", "OK"), ("not_ok", "Not OK"), ("not_applicable", "Not Applicable")]
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        visit_ids = [vals["visit_id"] for vals in vals_list if vals.get("visit_id")]
        self.env["aftersales.visit"].browse(visit_ids)._ensure_report_open()
        return super().create(vals_list)

    def write(self, vals):
        self.visit_id._ensure_report_open()
        if vals.get("visit_id"):
            self.env["aftersales.visit"].browse(vals["visit_id"])._ensure_report_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_visit_closed(self):
        self.visit_id._ensure_report_open()

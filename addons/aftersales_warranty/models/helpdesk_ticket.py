from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    claim_ids = fields.One2many("aftersales.claim", "ticket_id", string="Warranty Claims")
    claim_count = fields.Integer(compute="_compute_claim_count")
    warranty_state = fields.Selection(related="equipment_id.warranty_state")
    warranty_date_end = fields.Date(related="equipment_id.warranty_date_end")
    warranty_remaining_days = fields.Integer(related="equipment_id.warranty_remaining_days")
    warranty_coverage = fields.Char(related="equipment_id.warranty_coverage")
    unit_claim_ids = fields.One2many(related="equipment_id.claim_ids", string="Claims on the Unit")

    @api.depends("claim_ids")
    def _compute_claim_count(self):
        # sudo: a helpdesk user without warranty rights sees how many claims the request led
        # to (the button opening them is for warranty users only).
        counts = dict(
            self.env["aftersales.claim"]
            .sudo()
            ._read_group([("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"])
        )
        for ticket in self:
            ticket.claim_count = counts.get(ticket, 0)

    def action_create_claim(self):
        """Open a claim for the request's unit, or the claim already made from it."""
        self.ensure_one()
        if self.request_type != "warranty_claim":
            raise UserError(self.env._("Only warranty-claim requests become claims."))
        if not self.equipment_id:
            raise UserError(self.env._("Pick the unit (or its serial number) first."))
        claim = self.claim_ids.filtered(lambda c: c.state != "cancel")[:1]
        if not claim:
            claim = self.env["aftersales.claim"].create(
                {
                    "equipment_id": self.equipment_id.id,
                    "partner_id": self.partner_id.commercial_partner_id.id
                    or self.equipment_id.partner_id.id,
                    "ticket_id": self.id,
                    "company_id": self.company_id.id or self.env.company.id,
                    "description": self.description,
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.claim",
            "res_id": claim.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_warranty.action_claims")
        action["domain"] = [("ticket_id", "=", self.id)]
        return action

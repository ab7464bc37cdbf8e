from odoo import fields, models


class AftersalesClaimStepWizard(models.TransientModel):
    """Asks the message a customer-facing step needs: the information wanted, or why the
    claim is rejected; the claim's action does the rest."""

    _name = "aftersales.claim.step.wizard"
    _description = "Claim Step Message"

    claim_id = fields.Many2one("aftersales.claim", required=True, ondelete="cascade")
    step = fields.Selection([("info", "Ask for Information"), ("reject", "Reject")], required=True)
    message = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.step == "info":
            self.claim_id.action_ask_information(self.message)
        else:
            self.claim_id.action_reject_with_reason(self.message)
        return {"type": "ir.actions.act_window_close"}

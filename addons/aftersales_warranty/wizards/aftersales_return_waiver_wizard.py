from odoo import fields, models


class AftersalesReturnWaiverWizard(models.TransientModel):
    """Asks why the customer keeps the goods; the claim's ``action_waive_return`` checks
    that a warranty manager waives them and records it."""

    _name = "aftersales.return.waiver.wizard"
    _description = "Waive a Claim's Return"

    claim_id = fields.Many2one("aftersales.claim", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.claim_id.action_waive_return(self.reason)
        return {"type": "ir.actions.act_window_close"}

from odoo import api, fields, models

from ..models.aftersales_claim import DECISIONS, REMEDIES


class AftersalesClaimDecisionWizard(models.TransientModel):
    """Asks the decision of a claim (and what a goodwill gesture gives); the claim's
    ``action_decide`` checks and records it."""

    _name = "aftersales.claim.decision.wizard"
    _description = "Claim Decision"

    claim_id = fields.Many2one("aftersales.claim", required=True, ondelete="cascade")
    claim_state = fields.Selection(related="claim_id.state")
    recommended_decision = fields.Selection(related="claim_id.recommended_decision")
    decision = fields.Selection(
        DECISIONS,
        required=True,
        compute="_compute_from_claim",
        store=True,
        readonly=False,
        precompute=True,
    )
    goodwill_remedy = fields.Selection(
        REMEDIES, compute="_compute_from_claim", store=True, readonly=False, precompute=True
    )
    note = fields.Text(
        compute="_compute_from_claim",
        store=True,
        readonly=False,
        precompute=True,
        help="Why this decision; the customer reads it on the portal.",
    )

    @api.depends("claim_id")
    def _compute_from_claim(self):
        for wizard in self:
            claim = wizard.claim_id
            wizard.decision = claim.decision or claim.recommended_decision
            wizard.goodwill_remedy = claim.goodwill_remedy or "repair"
            wizard.note = claim.decision_note

    def action_confirm(self):
        self.ensure_one()
        self.claim_id.action_decide(self.decision, self.goodwill_remedy, self.note or False)
        return {"type": "ir.actions.act_window_close"}

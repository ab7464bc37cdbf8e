from odoo import api, models
from odoo.exceptions import AccessError

CLAIM = "aftersales.claim"


class TierReview(models.Model):
    """Reviews of warranty claims are made, decided and deleted by the claim's own flows.

    base_tier_validation gives every internal user full access to tier.review, and its flows
    write the reviews as the reviewer: over RPC, anyone could approve a manager's tier, add
    themselves as reviewer or delete the reviews of a claim. For claims, the claim runs those
    flows in superuser mode after their checks (``aftersales_claim.py``); other callers may
    only comment, or mark a waiting review pending as base_tier_validation does when it
    refreshes the reviews. Reviews of other models are left as the module made them.
    """

    _inherit = "tier.review"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("model") == CLAIM for vals in vals_list):
            self._refuse()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self._is_allowed_write(vals) and self._of_claims():
            self._refuse()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_claim_reviews_only_through_the_claim(self):
        if not self.env.su and self._of_claims():
            self._refuse()

    @api.model
    def _is_allowed_write(self, vals):
        return set(vals) <= {"comment"} or vals == {"status": "pending"}

    def _of_claims(self):
        return any(model == CLAIM for model in self.sudo().mapped("model"))

    def _refuse(self):
        raise AccessError(
            self.env._(
                "The approval reviews of a warranty claim are decided with the claim's "
                "Validate and Reject buttons only."
            )
        )

from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestClaimTour(WarrantyCase, HttpCase):
    """From a warranty-claim request to the repair order, in the browser, as two users."""

    def test_claim_from_request_submitted_then_approved_and_executed(self):
        # WarrantyCase's users log in with their login as password (new_test_user)
        unit = self.sell(price=1000.0)
        unit.delivery_date = date.today() - timedelta(days=100)
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Compressor stopped",
                "description": "<p>The chiller does not cool any more.</p>",
                "request_type": "warranty_claim",
                "partner_id": self.customer.id,
                "equipment_id": unit.id,
            }
        )

        self.start_tour(
            f"/odoo/service-requests/{ticket.id}",
            "aftersales_warranty_claim_submit",
            login=self.warranty_user.login,
        )
        claim = ticket.claim_ids
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.submitted_by_id, self.warranty_user)
        self.assertEqual(claim.failure_code_id, self.failure)
        self.assertEqual(claim.recommended_decision, "repair")
        self.assertIn("Otherwise repair", claim.recommendation_reasons)

        self.start_tour(
            f"/odoo/action-aftersales_warranty.action_claims/{claim.id}",
            "aftersales_warranty_claim_approve",
            login=self.warranty_manager.login,
        )
        self.assertEqual(claim.state, "in_progress")
        self.assertEqual(claim.decision, "repair")
        self.assertEqual(claim.approved_by_id, self.warranty_manager)
        self.assertTrue(claim.repair_id)
        self.assertEqual(claim.repair_id.lot_id, unit.lot_id)
        self.assertTrue(claim.repair_id.under_warranty)
        self.assertTrue(claim.return_picking_id)
        self.assertEqual(unit.state, "under_repair")

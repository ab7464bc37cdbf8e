from odoo.tests import tagged

from .portal_common import WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestWarrantyPortalTour(WarrantyPortalCase):
    """The customer's journey in the browser: register, see cover, claim, follow the decision."""

    def test_register_claim_with_evidence_and_follow_the_decision(self):
        self.symptom.evidence_type_ids = self.env["aftersales.evidence.type"].create(
            {"name": "Photo of the serial plate", "kind": "photo"}
        )
        unit = self.sell()
        self.assertEqual(unit.lot_id.name, "CH-00001")  # the serial the tour types

        self.start_tour(
            "/my/warranties", "aftersales_warranty_portal_claim", login=self.alice.login
        )
        registration = self.registrations("CH-00001")
        self.assertEqual(registration.state, "matched")
        self.assertEqual(registration.proof_attachment_id.mimetype, "application/pdf")
        claim = self.claims_of(unit)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.symptom_id, self.symptom)
        self.assertEqual(claim.evidence_ids.file_name, "plate.png")
        self.assertEqual(claim.evidence_ids.mimetype, "image/png")
        self.assertEqual(claim.message_ids.attachment_ids.name, "unit.png")

        claim = claim.with_user(self.warranty_user)
        claim.write({"failure_code_id": self.failure.id, "labour_cost": 80})
        claim.action_decide("repair")
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        self.assertEqual(claim.state, "approved")

        self.start_tour("/my", "aftersales_warranty_portal_follow", login=self.alice.login)

import re

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ONE_PIXEL_PNG
from .portal_common import PDF, PNG, WarrantyPortalCase

PLATE = ONE_PIXEL_PNG + b"alice-serial-plate-0001"


@tagged("post_install", "-at_install")
class TestWarrantyPortalEvidence(WarrantyPortalCase):
    """The evidence a claim asks for on the portal, and the printable certificate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plate = cls.env["aftersales.evidence.type"].create(
            {"name": "Photo of the serial plate (test)", "kind": "photo"}
        )
        cls.fault = cls.env["aftersales.evidence.type"].create(
            {"name": "Photo of the fault (test)", "kind": "photo"}
        )
        cls.symptom.evidence_type_ids = cls.plate

    def post_evidence(self, claim, evidence_type, content, token=True):
        data = {}
        if token:
            data["csrf_token"] = self.csrf_token("/my/registrations/new")
        return self.url_open(
            f"/my/claims/{claim.id}/evidence",
            data=data,
            files={f"evidence_{evidence_type.id}": ("fault.png", content, "image/png")},
        )

    def claim_missing_a_fault_photo(self):
        """Alice's claim, sent with its plate photo; the failure code set by the desk then
        asks for a photo of the fault."""
        unit = self.sell()
        self.login(self.alice)
        self.submit_claim(unit, evidence={self.plate: ("plate.png", PLATE)})
        claim = self.claims_of(unit)
        self.other_failure.evidence_type_ids = self.fault
        claim.with_user(self.warranty_user).failure_code_id = self.other_failure
        return claim

    def test_claim_form_asks_for_the_evidence_of_its_symptom(self):
        unit = self.sell()
        self.login(self.alice)
        form = self.url_open(f"/my/claims/new?unit_id={unit.id}")
        self.assertIn("Photo of the serial plate (test)", form.text)
        self.assertIn(f'name="evidence_{self.plate.id}"', form.text)

        missing = self.submit_claim(unit)
        self.assertEqual(missing.status_code, 400)
        self.assertIn("Please attach: Photo of the serial plate (test).", missing.text)
        self.assertFalse(self.claims_of(unit))

        not_a_photo = self.submit_claim(unit, evidence={self.plate: ("plate.pdf", PDF)})
        self.assertEqual(not_a_photo.status_code, 400)
        self.assertIn("is not a JPEG or PNG image.", not_a_photo.text)
        self.assertFalse(self.claims_of(unit))

        sent = self.submit_claim(unit, evidence={self.plate: ("plate.png", PLATE)})
        self.assertEqual(sent.status_code, 200)
        claim = self.claims_of(unit)
        self.assertEqual(claim.evidence_ids.evidence_type_id, self.plate)
        self.assertEqual(claim.evidence_ids.file_name, "plate.png")
        self.assertFalse(claim.missing_evidence_type_ids)
        self.assertIn("plate.png", sent.text)

    def test_customer_sends_the_evidence_the_back_office_asks_for(self):
        claim = self.claim_missing_a_fault_photo()
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertIn("Photo of the fault (test)", page.text)
        self.assertIn("Still needed", page.text)

        self.assertEqual(self.post_evidence(claim, self.fault, PDF).status_code, 400)
        self.assertEqual(len(claim.evidence_ids), 1)
        response = self.post_evidence(claim, self.fault, PNG)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(claim.evidence_ids.evidence_type_id, self.plate | self.fault)
        self.assertNotIn("Still needed", response.text)
        message = claim.message_ids.filtered(lambda m: "Evidence sent" in str(m.body))
        self.assertEqual(message.author_id, self.alice.partner_id)
        claim.with_user(self.warranty_user).action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(self.post_evidence(claim, self.fault, PNG).status_code, 400)

    @mute_logger("odoo.http")
    def test_another_customer_cannot_send_evidence_or_read_it(self):
        claim = self.claim_missing_a_fault_photo()
        plate_file = self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.claim.evidence"), ("res_field", "=", "file")]
        )
        self.assertEqual(plate_file.raw, PLATE)

        self.login(self.bob)
        token = self.csrf_token("/my/registrations/new")
        response = self.url_open(
            f"/my/claims/{claim.id}/evidence",
            data={"csrf_token": token},
            files={f"evidence_{self.fault.id}": ("fault.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(claim.name, response.text)
        self.assertEqual(len(claim.evidence_ids), 1)
        for url in (
            f"/web/content/{plate_file.id}",
            f"/web/content/aftersales.claim.evidence/{claim.evidence_ids.id}/file",
        ):
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(PLATE, response.content)

    @mute_logger("odoo.http")
    def test_evidence_form_without_csrf_token_is_refused(self):
        unit = self.sell()
        self.login(self.alice)
        self.submit_claim(unit, evidence={self.plate: ("plate.png", PLATE)})
        claim = self.claims_of(unit)
        claim.evidence_ids = [Command.clear()]
        response = self.post_evidence(claim, self.plate, PLATE, token=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(claim.evidence_ids)

    @mute_logger("odoo.http")
    def test_certificate_of_my_warranty_only(self):
        unit = self.sell()
        warranty = unit.warranty_ids
        self.login(self.alice)
        listing = self.url_open("/my/warranties")
        self.assertIn(f"/my/warranties/{warranty.id}/certificate", listing.text)
        certificate = self.url_open(f"/my/warranties/{warranty.id}/certificate")
        self.assertEqual(certificate.status_code, 200)
        # in test mode Odoo renders the PDF's HTML, so its text can be read
        self.assertIn("Warranty Certificate", certificate.text)
        self.assertIn(unit.lot_id.name, certificate.text)
        self.assertIn(self.customer.name, certificate.text)

        self.login(self.bob)
        refused = self.url_open(f"/my/warranties/{warranty.id}/certificate")
        self.assertEqual(refused.status_code, 404)
        self.assertNotIn(unit.lot_id.name, refused.text)
        self.assertNotIn(self.customer.name, refused.text)
        self.assertIsNone(re.search(r"Standard 24 months", refused.text))

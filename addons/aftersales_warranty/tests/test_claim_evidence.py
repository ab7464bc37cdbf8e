import base64

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ONE_PIXEL_PNG, WarrantyCase

PNG = base64.b64encode(ONE_PIXEL_PNG + b"serial-plate")
PDF = base64.b64encode(b"%PDF-1.4\n" + b"receipt")


@tagged("post_install", "-at_install")
class TestClaimEvidence(WarrantyCase):
    """The evidence checklist of a claim: asked by symptom and failure code, checked by content."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        EvidenceType = cls.env["aftersales.evidence.type"]
        cls.plate = EvidenceType.create({"name": "Serial plate (test)", "kind": "photo"})
        cls.receipt = EvidenceType.create({"name": "Receipt (test)", "kind": "document"})
        cls.failure.evidence_type_ids = cls.plate
        cls.symptom = cls.env["aftersales.claim.symptom"].create(
            {
                "code": "T-EV",
                "name": "Stopped (test)",
                "evidence_type_ids": [Command.link(cls.receipt.id)],
            }
        )

    def evidence(self, evidence_type, data=PNG, name="file"):
        return Command.create(
            {"evidence_type_id": evidence_type.id, "file": data, "file_name": name}
        )

    def test_checklist_joins_symptom_and_failure_code(self):
        claim = self.make_claim(self.sell(), symptom_id=self.symptom.id)
        self.assertEqual(claim.required_evidence_type_ids, self.plate | self.receipt)
        self.assertEqual(claim.missing_evidence_type_ids, self.plate | self.receipt)
        claim.evidence_ids = [self.evidence(self.receipt, PDF, "receipt.pdf")]
        self.assertEqual(claim.missing_evidence_type_ids, self.plate)
        self.assertEqual(claim.evidence_ids.mimetype, "application/pdf")

    def test_claim_without_its_evidence_cannot_be_submitted(self):
        claim = self.make_claim(self.sell(), symptom_id=self.symptom.id)
        with self.assertRaisesRegex(UserError, "Evidence still missing: Serial plate"):
            claim.action_submit()
        self.assertEqual(claim.state, "draft")
        check = claim.check_ids.filtered(lambda c: c.check == "evidence")
        self.assertEqual(check.result, "block")
        self.assertIn("Receipt (test)", check.message)
        claim.evidence_ids = [
            self.evidence(self.plate, PNG, "plate.png"),
            self.evidence(self.receipt, PNG, "receipt.png"),
        ]
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        check = claim.check_ids.filtered(lambda c: c.check == "evidence")
        self.assertEqual(check.result, "pass")

    def test_claim_asking_no_evidence_passes_the_check(self):
        self.failure.evidence_type_ids = False
        claim = self.make_claim(self.sell())
        claim.action_run_checks()
        check = claim.check_ids.filtered(lambda c: c.check == "evidence")
        self.assertEqual(check.result, "pass")
        self.assertIn("No evidence is required", check.message)

    def assert_refused(self, claim, evidence_type, data, message):
        with self.assertRaises(ValidationError) as refused:
            claim.evidence_ids = [self.evidence(evidence_type, data)]
        self.assertIn(message, refused.exception.args[0])

    def test_files_are_checked_by_content(self):
        claim = self.make_claim(self.sell(), symptom_id=self.symptom.id)
        self.assert_refused(claim, self.plate, PDF, "must be a photo")
        script = base64.b64encode(b"#!/bin/sh\necho hi\n")
        self.assert_refused(claim, self.receipt, script, "JPEG or PNG image or a PDF")
        # a PNG signature in front of something else is not a PNG
        disguised = base64.b64encode(b"\x89PNG\r\n\x1a\n<?php system($_GET['c']); ?>")
        self.assert_refused(claim, self.plate, disguised, "JPEG or PNG image or a PDF")
        huge = base64.b64encode(b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
        self.assert_refused(claim, self.receipt, huge, "larger than 5 MB")
        claim.invalidate_recordset()
        self.assertFalse(claim.evidence_ids)

    def test_evidence_follows_the_claim_company(self):
        claim = self.make_claim(self.sell(), symptom_id=self.symptom.id)
        claim.evidence_ids = [self.evidence(self.receipt, PDF, "receipt.pdf")]
        other_company = self.env["res.company"].create({"name": "Other Co (evidence)"})
        self.warranty_user.write(
            {"company_ids": [Command.link(other_company.id)], "company_id": other_company.id}
        )
        Evidence = self.env["aftersales.claim.evidence"].with_user(self.warranty_user)
        self.assertEqual(
            Evidence.with_context(allowed_company_ids=[other_company.id]).search([]),
            Evidence.browse(),
        )
        self.assertEqual(
            Evidence.with_context(allowed_company_ids=[self.company.id]).search([]).claim_id,
            claim,
        )

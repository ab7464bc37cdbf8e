import re
from datetime import date

from odoo.tests import tagged
from odoo.tools import mute_logger

from .portal_common import PDF, PNG, WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestWarrantyPortal(WarrantyPortalCase):
    """Portal journeys of a customer, and the same routes tried by another customer."""

    # ------------------------------------------------------------------ journeys

    def test_registering_a_delivered_serial_starts_registration_cover(self):
        self.policy.clock_start = "registration"
        unit = self.sell()
        self.assertEqual(unit.warranty_ids.state, "pending")
        self.login(self.alice)
        response = self.register(unit.lot_id.name)
        self.assertEqual(response.status_code, 200)
        registration = self.env["aftersales.registration"].search(
            [("serial", "=", unit.lot_id.name)]
        )
        self.assertEqual(registration.state, "matched")
        self.assertEqual(registration.equipment_id, unit)
        self.assertEqual(registration.proof_attachment_id.raw, PDF)
        self.assertEqual(unit.registration_date, date.today())
        self.assertEqual(unit.warranty_ids.state, "active")
        self.assertEqual(unit.warranty_ids.date_start, date.today())
        page = self.url_open("/my/warranties")
        self.assertIn(unit.name, page.text)
        self.assertIn("Standard 24 months", page.text)
        self.assertIn(f"/my/claims/new?unit_id={unit.id}", page.text)

    def test_a_serial_we_never_delivered_waits_for_review(self):
        self.login(self.alice)
        self.register("BOUGHT-ELSEWHERE-1")
        registration = self.env["aftersales.registration"].search(
            [("serial", "=", "BOUGHT-ELSEWHERE-1")]
        )
        self.assertEqual(registration.state, "pending")
        self.assertFalse(registration.equipment_id)
        self.assertFalse(
            self.env["aftersales.equipment"].search([("lot_id.name", "=", "BOUGHT-ELSEWHERE-1")])
        )
        registration.with_user(self.warranty_user).action_approve()
        self.assertEqual(registration.state, "approved")
        unit = registration.equipment_id
        self.assertEqual(unit.partner_id, self.customer)
        self.assertEqual(unit.registration_date, date.today())
        self.assertEqual(unit.warranty_ids.policy_id, self.policy)

    def test_a_serial_of_another_customer_stays_pending(self):
        bob_unit = self.sell(partner=self.other_customer)
        self.login(self.alice)
        response = self.register(bob_unit.lot_id.name)
        self.assertEqual(response.status_code, 200)
        registration = self.env["aftersales.registration"].search(
            [("serial", "=", bob_unit.lot_id.name)]
        )
        self.assertEqual(registration.state, "pending")
        self.assertFalse(bob_unit.registration_date)

    def test_claim_with_a_photo_then_followed(self):
        unit = self.sell()
        self.login(self.alice)
        response = self.submit_claim(unit)
        self.assertEqual(response.status_code, 200)
        claim = self.claims_of(unit)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.symptom_id, self.symptom)
        self.assertFalse(claim.user_id)
        photo = claim.message_ids.attachment_ids
        self.assertEqual(photo.raw, PNG)
        self.assertEqual(photo.mimetype, "image/png")
        listing = self.url_open("/my/claims")
        self.assertIn(claim.name, listing.text)
        self.assertIn("<title>My Warranty Claims</title>", listing.text)
        self.assertIn(
            "<title>Make a Warranty Claim</title>",
            self.url_open(f"/my/claims/new?unit_id={unit.id}").text,
        )
        self.assertIn("Your claim is recorded", response.text)
        self.assertIn("Received", response.text)
        self.assertNotIn("Draft", response.text)
        claim.with_user(self.warranty_user).action_submit()
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Under Review", page.text)
        self.assertNotIn("Submitted", page.text)
        self.assertIn(unit.name, page.text)
        self.assertIn(f"<title>{claim.name}</title>", page.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["warranty_count", "warranty_claim_count"]}
        )
        self.assertEqual(counters, {"warranty_count": 1, "warranty_claim_count": 1})

    def test_claim_page_shows_documents_and_where_to_send_the_unit(self):
        unit = self.sell()
        self.warehouse.partner_id.write({"street": "12 Return Lane", "city": "Penang"})
        self.login(self.alice)
        self.submit_claim(unit)
        claim = self.claims_of(unit).with_user(self.warranty_user)
        claim.write({"failure_code_id": self.failure.id})
        claim.action_decide("repair")
        self.approve_and_execute(claim)

        def document_state(page, document):
            """The state badge the claim page shows next to `document`."""
            found = re.search(rf"{re.escape(document.name)}\s*<span[^>]*>([^<]+)</span>", page.text)
            return found and found.group(1)

        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertIn("Send the Unit Back", page.text)
        self.assertIn("12 Return Lane", page.text)
        self.assertEqual(document_state(page, claim.return_picking_id), "Ready")
        self.assertEqual(document_state(page, claim.repair_id), "Confirmed")

        self.validate(claim.return_picking_id)
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertNotIn("Send the Unit Back", page.text)
        self.assertEqual(document_state(page, claim.return_picking_id), "Done")

    def test_customer_writes_in_the_claim_chatter(self):
        unit = self.sell()
        self.login(self.alice)
        self.submit_claim(unit)
        claim = self.claims_of(unit)
        self.url_open(f"/my/claims/{claim.id}")  # the page gives the chatter its token
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "aftersales.claim",
                "thread_id": claim.id,
                "post_data": {"body": "Any news?", "message_type": "comment"},
                "token": claim.access_token,
            },
        )
        message = claim.message_ids.filtered(lambda m: "Any news?" in str(m.body))
        self.assertEqual(message.author_id, self.alice.partner_id)

    # ------------------------------------------------------------------ security

    @mute_logger("odoo.http")
    def test_another_customer_reaches_nothing(self):
        unit = self.sell()
        self.sell(partner=self.other_customer)
        self.login(self.alice)
        self.submit_claim(unit)
        self.register("ALICE-ELSEWHERE-1")
        claim = self.claims_of(unit)
        photo = claim.message_ids.attachment_ids
        proof = self.env["aftersales.registration"].search([]).proof_attachment_id
        self.assertTrue(photo and proof)

        self.login(self.bob)
        for url in (
            f"/my/claims/{claim.id}",
            f"/my/claims/{claim.id}?access_token=not-the-token",
            f"/my/claims/new?unit_id={unit.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.customer.name, response.text)
            self.assertNotIn(claim.name, response.text)
        for attachment, data in ((photo, PNG), (proof, PDF)):
            response = self.url_open(f"/web/content/{attachment.id}")
            self.assertIn(response.status_code, (403, 404))
            self.assertNotIn(data, response.content)
        for url in ("/my/claims", "/my/warranties"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(self.customer.name, response.text)
            self.assertNotIn(claim.name, response.text)
            self.assertNotIn(unit.name, response.text)
            self.assertNotIn("ALICE-ELSEWHERE-1", response.text)
        # a claim posted on Alice's unit with a valid token of Bob's session
        token = self.csrf_token("/my/registrations/new")
        response = self.url_open(
            "/my/claims/new",
            data={
                "csrf_token": token,
                "unit_id": str(unit.id),
                "symptom_id": str(self.symptom.id),
                "failure_date": date.today().isoformat(),
                "description": "Sneaky",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(len(self.claims_of(unit)), 1)
        # nor may Bob write in Alice's claim chatter
        with self.assertRaises(Exception):  # noqa: B017 - the JSON-RPC error of NotFound
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "aftersales.claim",
                    "thread_id": claim.id,
                    "post_data": {"body": "Bob was here", "message_type": "comment"},
                },
            )
        self.assertFalse(claim.message_ids.filtered(lambda m: "Bob was here" in str(m.body)))

    @mute_logger("odoo.http")
    def test_forms_without_csrf_token_are_refused(self):
        unit = self.sell()
        self.login(self.alice)
        self.assertEqual(self.submit_claim(unit, token=False).status_code, 400)
        self.assertFalse(self.claims_of(unit))
        self.assertEqual(self.register("NO-TOKEN-1", token=False).status_code, 400)
        self.assertFalse(self.registrations("NO-TOKEN-1"))

    def test_bad_type_or_oversize_upload_creates_nothing(self):
        unit = self.sell()
        self.login(self.alice)
        attachments_before = self.env["ir.attachment"].search_count([])
        # the browser says PNG, the bytes are a script
        fake = self.submit_claim(unit, photo=b"#!/bin/sh\nrm -rf /\n", content_type="image/png")
        self.assertEqual(fake.status_code, 400)
        self.assertIn("is not a JPEG or PNG image or a PDF file", fake.text)
        huge = self.submit_claim(unit, photo=PNG + b"0" * (5 * 1024 * 1024))
        self.assertEqual(huge.status_code, 400)
        self.assertIn("larger than 5 MB", huge.text)
        bad_proof = self.register("BAD-PROOF-1", proof=b"<html>not a pdf</html>")
        self.assertEqual(bad_proof.status_code, 400)
        self.assertFalse(self.claims_of(unit))
        self.assertFalse(self.registrations("BAD-PROOF-1"))
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    # ------------------------------------------------------------------ performance

    def test_claim_list_queries_do_not_grow_with_claims(self):
        units = self.sell() | self.sell()

        def add_claims(count):
            self.env["aftersales.claim"].create(
                [
                    {
                        "equipment_id": units[n % 2].id,
                        "symptom_id": self.symptom.id,
                        "failure_date": date.today(),
                    }
                    for n in range(count)
                ]
            )

        add_claims(20)
        self.login(self.alice)
        self.url_open("/my/claims")  # warm the caches
        before = self.cr.sql_log_count
        self.assertEqual(self.url_open("/my/claims").status_code, 200)
        queries_for_20 = self.cr.sql_log_count - before
        add_claims(180)
        self.env.flush_all()
        with self.assertQueryCount(queries_for_20):
            listing = self.url_open("/my/claims/page/3")
        self.assertEqual(listing.status_code, 200)
        self.assertEqual(
            listing.text.count("/my/claims/"), 20 + listing.text.count('href="/my/claims/page')
        )

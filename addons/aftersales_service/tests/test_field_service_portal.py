from datetime import date

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .portal_common import PortalCustomersMixin


@tagged("post_install", "-at_install")
class TestFieldServicePortal(PortalCustomersMixin, HttpCase):
    """Visit reports and usage readings on the portal's equipment page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Air compressor", "is_storable": True, "tracking": "serial"}
        )
        cls.alice = cls.portal_customer("fs_portal_alice", "Alice Packaging")
        cls.bob = cls.portal_customer("fs_portal_bob", "Bob Bottling")
        cls.alice_unit = cls.portal_unit(
            "FS-ALICE-1", cls.alice.commercial_partner_id, cls.product, counter_kind="hours"
        )
        cls.bob_unit = cls.portal_unit(
            "FS-BOB-1", cls.bob.commercial_partner_id, cls.product, counter_kind="hours"
        )
        cls.alice_visit = cls.env["aftersales.visit"].create(
            {"equipment_id": cls.alice_unit.id, "visit_type": "maintenance", "signed_by": "Alice"}
        )
        cls.alice_visit.action_done()
        cls.alice_planned = cls.env["aftersales.visit"].create(
            {"equipment_id": cls.alice_unit.id, "visit_type": "repair"}
        )

    def report_url(self, unit, visit):
        return f"/my/equipment/{unit.id}/visit/{visit.id}/report"

    def test_owner_sees_and_downloads_the_visit_report(self):
        self.login(self.alice)
        page = self.url_open(f"/my/equipment/{self.alice_unit.id}")
        self.assertIn(self.report_url(self.alice_unit, self.alice_visit), page.text)
        self.assertNotIn(self.report_url(self.alice_unit, self.alice_planned), page.text)
        report = self.url_open(self.report_url(self.alice_unit, self.alice_visit) + "?download=1")
        self.assertEqual(report.status_code, 200)
        self.assertIn("attachment", report.headers["Content-Disposition"])
        self.assertIn(
            self.alice_visit.name.replace("/", "_"), report.headers["Content-Disposition"]
        )

    def test_a_shared_link_downloads_the_report(self):
        token = self.alice_unit._portal_ensure_token()
        report = self.url_open(
            self.report_url(self.alice_unit, self.alice_visit) + f"?access_token={token}"
        )
        self.assertEqual(report.status_code, 200)

    @mute_logger("odoo.http")
    def test_another_customer_gets_no_report(self):
        self.login(self.bob)
        for url in (
            self.report_url(self.alice_unit, self.alice_visit),
            # Bob's own unit does not open Alice's visit either
            self.report_url(self.bob_unit, self.alice_visit),
            self.report_url(self.alice_unit, self.alice_visit) + "?access_token=wrong",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(b"%PDF", response.content)

    @mute_logger("odoo.http")
    def test_a_visit_not_done_has_no_report(self):
        self.login(self.alice)
        response = self.url_open(self.report_url(self.alice_unit, self.alice_planned))
        self.assertEqual(response.status_code, 404)

    def test_owner_records_a_reading(self):
        self.login(self.alice)
        token = self.csrf_token(f"/my/equipment/{self.alice_unit.id}")
        response = self.url_open(
            f"/my/equipment/{self.alice_unit.id}/reading",
            data={"csrf_token": token, "value": "1234.5", "date": "2026-03-01"},
        )
        self.assertEqual(response.status_code, 200)
        reading = self.alice_unit.reading_ids
        self.assertEqual(
            (reading.value, reading.date, reading.source), (1234.5, date(2026, 3, 1), "portal")
        )
        # a lower reading is refused with the reason, and nothing is recorded
        response = self.url_open(
            f"/my/equipment/{self.alice_unit.id}/reading",
            data={"csrf_token": token, "value": "1000", "date": "2026-03-02"},
        )
        self.assertIn("o_reading_error", response.text)
        self.assertIn("lower than the reading", response.text)
        self.alice_unit.invalidate_recordset(["reading_ids"])
        self.assertEqual(len(self.alice_unit.reading_ids), 1)

    @mute_logger("odoo.http")
    def test_another_customer_cannot_record_a_reading(self):
        self.login(self.bob)
        token = self.csrf_token(f"/my/equipment/{self.bob_unit.id}")
        response = self.url_open(
            f"/my/equipment/{self.alice_unit.id}/reading",
            data={"csrf_token": token, "value": "99999"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.alice_unit.reading_ids)

    @mute_logger("odoo.http")
    def test_a_reading_needs_the_csrf_token(self):
        self.login(self.alice)
        response = self.url_open(
            f"/my/equipment/{self.alice_unit.id}/reading", data={"value": "10"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.alice_unit.reading_ids)

    @mute_logger("odoo.http")
    def test_a_shared_link_does_not_record_readings(self):
        token = self.alice_unit._portal_ensure_token()
        page = self.url_open(f"/my/equipment/{self.alice_unit.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_reading_form", page.text)

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .portal_common import PortalCustomersMixin


@tagged("post_install", "-at_install")
class TestEquipmentPortal(PortalCustomersMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Split AC", "is_storable": True, "tracking": "serial"}
        )
        cls.alice = cls.portal_customer("portal_alice", "Alice Cooling Ltd")
        cls.bob = cls.portal_customer("portal_bob", "Bob Hotels")
        cls.alice_unit = cls.portal_unit("ALICE-SN-1", cls.alice.commercial_partner_id, cls.product)
        cls.bob_unit = cls.portal_unit("BOB-SN-1", cls.bob.commercial_partner_id, cls.product)
        cls.env["aftersales.visit"].create(
            {"equipment_id": cls.alice_unit.id, "visit_type": "maintenance"}
        )

    def test_customer_lists_and_opens_their_own_units(self):
        self.authenticate("portal_alice", "portal_alice")
        listing = self.url_open("/my/equipment")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("ALICE-SN-1", listing.text)
        self.assertNotIn("BOB-SN-1", listing.text)
        page = self.url_open(f"/my/equipment/{self.alice_unit.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("ALICE-SN-1", page.text)
        self.assertIn(self.alice_unit.visit_ids.name, page.text)

    @mute_logger("odoo.http")
    def test_another_customer_unit_is_not_found(self):
        self.authenticate("portal_bob", "portal_bob")
        page = self.url_open(f"/my/equipment/{self.alice_unit.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn("ALICE-SN-1", page.text)
        wrong_token = self.url_open(
            f"/my/equipment/{self.alice_unit.id}?access_token=not-the-token"
        )
        self.assertEqual(wrong_token.status_code, 404)

    def test_a_shared_link_opens_the_unit(self):
        self.alice_unit._portal_ensure_token()
        page = self.url_open(self.alice_unit.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("ALICE-SN-1", page.text)

    def test_customer_requests_service_for_their_unit(self):
        self.authenticate("portal_alice", "portal_alice")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self.csrf_token("/new/ticket"),
                "subject": "Not cooling",
                "description": "Warm air only",
                "equipment_id": str(self.alice_unit.id),
                "request_type": "repair",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Not cooling")])
        self.assertEqual(ticket.equipment_id, self.alice_unit)
        self.assertEqual(ticket.lot_id.name, "ALICE-SN-1")
        self.assertEqual(ticket.request_type, "repair")

    @mute_logger("odoo.http")
    def test_customer_cannot_request_service_for_another_customer_unit(self):
        self.authenticate("portal_bob", "portal_bob")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self.csrf_token("/new/ticket"),
                "subject": "Sneaky request",
                "description": "x",
                "equipment_id": str(self.alice_unit.id),
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Sneaky request")]))

    @mute_logger("odoo.http")
    def test_the_request_form_keeps_csrf_protection(self):
        self.authenticate("portal_alice", "portal_alice")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "subject": "No token",
                "description": "x",
                "equipment_id": str(self.alice_unit.id),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "No token")]))

    def test_the_new_request_form_offers_only_own_units(self):
        self.authenticate("portal_bob", "portal_bob")
        form = self.url_open("/new/ticket")
        self.assertIn("BOB-SN-1", form.text)
        self.assertNotIn("ALICE-SN-1", form.text)

    def test_portal_home_counts_units(self):
        self.env["aftersales.equipment"].create(
            {
                "product_id": self.product.id,
                "lot_id": self.env["stock.lot"]
                .create({"name": "ALICE-SN-2", "product_id": self.product.id})
                .id,
                "partner_id": self.alice.commercial_partner_id.id,
            }
        )
        self.authenticate("portal_alice", "portal_alice")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["equipment_count"]})
        self.assertEqual(counters["equipment_count"], 2)

import json
from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .portal_common import PortalCustomersMixin


@tagged("post_install", "-at_install")
class TestReadingsOverJson2(PortalCustomersMixin, HttpCase):
    """A meter gateway posts its batch of readings in one /json/2 call, with the API key of
    the customer's portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "Forklift", "is_storable": True, "tracking": "serial"}
        )
        cls.units = {}
        cls.keys = {}
        for login, company_name, serial in (
            ("api_alice", "Alice Logistics", "FORK-ALICE"),
            ("api_bob", "Bob Warehousing", "FORK-BOB"),
        ):
            user = cls.portal_customer(login, company_name)
            cls.units[login] = cls.portal_unit(
                serial, user.commercial_partner_id, product, counter_kind="hours"
            )
            cls.keys[login] = (
                cls.env["res.users.apikeys"]
                .with_user(user)
                .sudo()
                ._generate(
                    scope="rpc", name="gateway", expiration_date=datetime.now() + timedelta(days=1)
                )
            )

    def post(self, login, readings):
        return self.url_open(
            "/json/2/aftersales.equipment.reading/post_readings",
            data=json.dumps({"readings": readings}),
            headers={
                "Authorization": f"Bearer {self.keys[login]}",
                "Content-Type": "application/json",
            },
        )

    def test_a_batch_of_own_readings_is_recorded_in_one_call(self):
        response = self.post(
            "api_alice",
            [
                {"serial": "FORK-ALICE", "date": "2026-04-01", "value": 100},
                {"serial": "FORK-ALICE", "date": "2026-04-02", "value": 108},
            ],
        )
        self.assertEqual(response.status_code, 200, response.text)
        unit = self.units["api_alice"]
        self.assertEqual(len(response.json()), 2)
        self.assertEqual(unit.reading_ids.mapped("value"), [108.0, 100.0])
        self.assertEqual(set(unit.reading_ids.mapped("source")), {"api"})

    @mute_logger("odoo.http")
    def test_a_reading_for_another_customers_unit_refuses_the_whole_batch(self):
        response = self.post(
            "api_alice",
            [
                {"serial": "FORK-ALICE", "date": "2026-04-01", "value": 100},
                {"serial": "FORK-BOB", "date": "2026-04-01", "value": 5},
            ],
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("Reading 2 (FORK-BOB)", response.json()["message"])
        self.assertFalse(self.units["api_alice"].reading_ids, "the batch rolled back")
        self.assertFalse(self.units["api_bob"].reading_ids)

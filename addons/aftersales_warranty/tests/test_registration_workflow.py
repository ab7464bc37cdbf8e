from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestRegistrationWorkflow(WarrantyCase):
    """A registration is matched, approved or rejected by its actions only: over RPC a
    warranty user could otherwise mark one approved without a unit, or tie it to any unit."""

    def setUp(self):
        super().setUp()
        self.registration = self.env["aftersales.registration"].create(
            {
                "partner_id": self.customer.id,
                "serial": "BOUGHT-ELSEWHERE-7",
                "product_id": self.product.id,
                "purchase_date": date(2026, 1, 5),
            }
        )

    def test_state_and_unit_are_refused_over_rpc(self):
        unit = self.sell()
        registration = self.registration.with_user(self.warranty_user)
        for vals in ({"state": "approved"}, {"equipment_id": unit.id}, {"state": "matched"}):
            with self.assertRaises(AccessError):
                registration.write(vals)
        with self.assertRaises(AccessError):
            registration.create(
                {
                    "partner_id": self.customer.id,
                    "serial": "X-1",
                    "product_id": self.product.id,
                    "purchase_date": date(2026, 1, 5),
                    "state": "approved",
                }
            )
        self.assertEqual(
            (registration.state, registration.equipment_id), ("pending", unit.browse())
        )

    def test_the_buttons_still_approve_and_reject(self):
        self.registration.with_user(self.warranty_user).action_approve()
        self.assertEqual(self.registration.state, "approved")
        self.assertEqual(self.registration.equipment_id.lot_id.name, "BOUGHT-ELSEWHERE-7")
        other = self.registration.copy({"serial": "BOUGHT-ELSEWHERE-8"})
        other.with_user(self.warranty_user).action_reject()
        self.assertEqual(other.state, "rejected")

    def test_a_service_user_reads_but_cannot_approve(self):
        with self.assertRaises(AccessError):
            self.registration.with_user(self.service_user).action_approve()
        with self.assertRaises(AccessError):
            self.registration.with_user(self.service_user).action_reject()
        self.assertEqual(self.registration.state, "pending")

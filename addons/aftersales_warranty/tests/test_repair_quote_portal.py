import base64

from odoo.tests import HttpCase, tagged

from odoo.addons.aftersales_service.tests.portal_common import PortalCustomersMixin

from .common import ONE_PIXEL_PNG
from .service_revenue_common import ServiceRevenueCase


@tagged("post_install", "-at_install")
class TestRepairQuotePortal(PortalCustomersMixin, ServiceRevenueCase, HttpCase):
    """Alice buys from Dental Clinic's account, Bob from Seaside Hotel's: each answers the
    quote of their own repair on the portal, and cannot see or answer the other's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.portal_customer("sr_portal_alice", cls.customer)
        cls.bob = cls.portal_customer("sr_portal_bob", cls.other_customer)

    def quoted_repair(self, partner):
        repair = self.paid_repair(self.out_of_cover_unit(partner))
        repair.action_validate()
        repair.action_aftersales_quote()
        # sent to the customer (by mail, with the link to the portal): on /my/quotes
        repair.sale_order_id.action_quotation_sent()
        return repair

    def accept(self, order):
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"name": "Signed on the portal", "signature": base64.b64encode(ONE_PIXEL_PNG).decode()},
        )

    def decline(self, order, csrf_token):
        return self.url_open(
            f"/my/orders/{order.id}/decline",
            data={"decline_message": "Too expensive, send it back", "csrf_token": csrf_token},
        )

    def test_customer_accepts_the_quote_and_is_invoiced(self):
        repair = self.quoted_repair(self.customer)
        order = repair.sale_order_id
        self.login(self.alice)
        quotes = self.url_open("/my/quotes")
        self.assertIn(order.name, quotes.text)
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.labour.name, page.text)

        result = self.accept(order)
        self.assertNotIn("error", result)
        self.assertEqual(order.state, "sale")
        self.assertEqual(repair.aftersales_quote_state, "accepted")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertAlmostEqual(invoice.amount_untaxed, 200.0 + 160.0 + 30.0)

    def test_another_customer_can_neither_see_nor_answer_the_quote(self):
        order = self.quoted_repair(self.customer).sale_order_id
        self.login(self.bob)
        self.assertNotIn(order.name, self.url_open("/my/quotes").text)
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertNotIn(self.labour.name, page.text)
        self.assertIn("error", self.accept(order))
        self.assertEqual(order.state, "sent")
        bob_token = self.csrf_token(
            f"/my/orders/{self.quoted_repair(self.other_customer).sale_order_id.id}"
        )
        self.decline(order, bob_token)
        self.assertEqual(order.state, "sent")

    def test_customer_refuses_the_quote_and_gets_the_unit_back(self):
        repair = self.quoted_repair(self.other_customer)
        order = repair.sale_order_id
        self.login(self.bob)
        self.decline(order, self.csrf_token(f"/my/orders/{order.id}"))
        self.assertEqual(order.state, "cancel")
        self.assertEqual(repair.state, "cancel")
        delivery = repair.aftersales_return_picking_id
        self.assertEqual(delivery.partner_id, self.other_customer)
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, repair.lot_id)

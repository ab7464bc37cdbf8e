from datetime import date

from odoo.tests import tagged
from odoo.tools import mute_logger

from .goods_common import GoodsClaimCase
from .portal_common import PNG, WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestPortalOrderClaim(WarrantyPortalCase, GoodsClaimCase):
    """A customer claims faulty goods from a line of their order; another customer cannot."""

    def setUp(self):
        super().setUp()
        self.line, self.lot = self.sell_goods(self.filter, 10, price=40.0)
        self.order = self.line.order_id

    def claim_url(self, line=None, order=None):
        line = line or self.line
        return f"/my/orders/{(order or line.order_id).id}/lines/{line.id}/claim"

    def post_claim(self, quantity, lot=None, url=None, token_url=None):
        url = url or self.claim_url()
        data = {
            "csrf_token": self.csrf_token(token_url or url),
            "quantity": str(quantity),
            "lot_id": str((lot or self.lot).id),
            "symptom_id": str(self.symptom.id),
            "failure_date": date.today().isoformat(),
            "description": "Three cartridges leak at the seal",
        }
        return self.url_open(url, data=data, files=[("photos", ("photo.png", PNG, "image/png"))])

    def claims(self):
        return self.env["aftersales.claim"].search([("sale_line_id", "=", self.line.id)])

    def test_customer_claims_3_of_10_from_the_order_line(self):
        self.login(self.alice)
        order_page = self.url_open(f"/my/orders/{self.order.id}")
        self.assertEqual(order_page.status_code, 200)
        self.assertIn(self.claim_url(), order_page.text)
        form = self.url_open(self.claim_url())
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.lot.name, form.text)
        self.assertIn("Water filter cartridge", form.text)

        response = self.post_claim(3)
        self.assertEqual(response.status_code, 200)
        claim = self.claims()
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.quantity, 3.0)
        self.assertEqual(claim.lot_id, self.lot)
        self.assertEqual(claim.product_id, self.filter)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.policy_id, self.policy)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.message_ids.attachment_ids.raw, PNG)
        self.assertIn(f"/my/claims/{claim.id}", response.url)
        self.assertIn(claim.claimed_goods, response.text)
        self.assertIn("LOT-", claim.claimed_goods)
        listing = self.url_open("/my/claims")
        self.assertIn(claim.name, listing.text)
        # what is left to claim on the line
        self.assertIn("of 7", self.url_open(self.claim_url()).text)

    def test_more_than_was_bought_is_refused(self):
        self.login(self.alice)
        self.post_claim(4)
        response = self.post_claim(7)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Only 6 ", response.text)
        self.assertEqual(self.claims().mapped("quantity"), [4.0])

    def test_a_lot_the_line_did_not_deliver_is_refused(self):
        other_lot = self.stock_goods(self.filter, 5, "LOT-ELSEWHERE")
        self.login(self.alice)
        response = self.post_claim(1, lot=other_lot)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.claims())

    @mute_logger("odoo.http")
    def test_another_customer_cannot_open_or_post_a_claim_on_the_line(self):
        bob_line, bob_lot = self.sell_goods(self.filter, 2, price=40.0, partner=self.other_customer)
        self.login(self.bob)
        self.assertEqual(self.url_open(self.claim_url()).status_code, 404)
        # Bob's own order with Alice's line, and Alice's order posted with Bob's token
        self.assertEqual(self.url_open(self.claim_url(order=bob_line.order_id)).status_code, 404)
        response = self.post_claim(1, token_url=self.claim_url(bob_line))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.claims())
        self.assertEqual(self.url_open(self.claim_url(bob_line)).status_code, 200)
        self.assertNotIn(self.claim_url(), self.url_open(f"/my/orders/{self.order.id}").text)

    @mute_logger("odoo.http")
    def test_a_line_claimed_in_full_offers_no_more_claim(self):
        self.goods_claim(self.line, 10, lot=self.lot)
        self.login(self.alice)
        self.assertNotIn(self.claim_url(), self.url_open(f"/my/orders/{self.order.id}").text)
        self.assertEqual(self.url_open(self.claim_url()).status_code, 404)

    @mute_logger("odoo.http")
    def test_serial_tracked_goods_are_not_claimed_by_line(self):
        unit = self.sell()
        self.login(self.alice)
        self.assertEqual(self.url_open(self.claim_url(unit.sale_line_id)).status_code, 404)

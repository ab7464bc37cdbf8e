from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .portal_common import WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestReturnPortal(WarrantyPortalCase):
    """The customer's claim page says by when the goods must be back; nobody else reads it."""

    def test_the_claim_page_gives_the_return_due_date_to_its_customer_only(self):
        unit = self.sell()
        self.login(self.alice)
        self.submit_claim(unit)
        claim = self.claims_of(unit).with_user(self.warranty_user)
        claim.write({"failure_code_id": self.failure.id})
        claim.action_decide("replace")
        self.approve_and_execute(claim)
        due = claim.return_due_date
        self.assertEqual(due, date.today() + timedelta(days=30))

        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Please send it by", page.text)
        with freeze_time(due + timedelta(days=1)):
            page = self.url_open(f"/my/claims/{claim.id}")
            self.assertIn("please send it now", page.text)

        self.login(self.bob)
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(claim.name, page.text)

        self.validate(claim.return_picking_id)
        self.login(self.alice)
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertNotIn("Please send it by", page.text)

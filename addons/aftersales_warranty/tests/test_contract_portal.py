from odoo.tests import tagged

from .contract_common import ServiceContractCase
from .portal_common import WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestContractPortal(ServiceContractCase, WarrantyPortalCase):
    def test_a_customer_sees_their_contract_and_its_units(self):
        contract = self.make_contract()
        self.login(self.alice)
        listing = self.url_open("/my/contracts")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f"/my/contracts/{contract.id}", listing.text)
        page = self.url_open(f"/my/contracts/{contract.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("aftersales_covered_units", page.text)
        for unit in self.units[:2]:
            self.assertIn(unit.lot_id.name, page.text)
        self.assertNotIn(self.units[2].lot_id.name, page.text)

    def test_another_customer_is_refused(self):
        contract = self.make_contract()
        self.login(self.bob)
        listing = self.url_open("/my/contracts")
        self.assertNotIn(f"/my/contracts/{contract.id}", listing.text)
        page = self.url_open(f"/my/contracts/{contract.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 303)
        self.assertNotIn(self.units[0].lot_id.name, page.text)
        self.assertFalse(
            self.env["contract.contract"].with_user(self.bob).search([("id", "=", contract.id)])
        )

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .portal_common import PDF, WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestRegistrationPortalSecurity(WarrantyPortalCase):
    """The registration form offers the products of the portal's company only, and a customer
    reads no internal field of their registrations over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co (registrations)"})
        cls.other_product = cls.env["product.product"].create(
            {
                "name": "Freezer FZ-900 of the other company",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_installed_base": True,
                "company_id": cls.other_company.id,
            }
        )
        cls.shared_product = cls.env["product.product"].create(
            {
                "name": "Ice maker IM-10 shared",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_installed_base": True,
                "company_id": False,
            }
        )

    @mute_logger("odoo.http")
    def test_products_of_another_company_are_neither_listed_nor_accepted(self):
        self.login(self.alice)
        form = self.url_open("/my/registrations/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.product.name, form.text)
        self.assertIn(self.shared_product.name, form.text)
        self.assertNotIn(self.other_product.name, form.text)
        response = self.url_open(
            "/my/registrations/new",
            data={
                "csrf_token": self.csrf_token("/my/registrations/new"),
                "product_id": str(self.other_product.id),
                "serial": "FORGED-1",
                "purchase_date": date.today().isoformat(),
            },
            files={"proof": ("invoice.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("This product cannot be registered here.", response.text)
        self.assertFalse(self.registrations("FORGED-1"))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "aftersales.registration"), ("name", "=", "invoice.pdf")]
            )
        )
        # a shared product is registered in the portal's company
        self.url_open(
            "/my/registrations/new",
            data={
                "csrf_token": self.csrf_token("/my/registrations/new"),
                "product_id": str(self.shared_product.id),
                "serial": "SHARED-1",
                "purchase_date": date.today().isoformat(),
            },
            files={"proof": ("invoice.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(self.registrations("SHARED-1").company_id, self.company)

    def test_portal_rpc_reads_no_internal_field_of_a_registration(self):
        self.login(self.alice)
        self.register("REVIEWED-1")
        registration = self.registrations("REVIEWED-1")
        registration.note = "Internal: the invoice looks altered"
        as_alice = registration.with_user(self.alice)
        with self.assertRaises(AccessError):
            as_alice.read(["note"])
        with self.assertRaises(AccessError):
            as_alice.search_read([("id", "=", registration.id)], ["note"])
        self.assertNotIn("note", as_alice.fields_get())
        # what the customer is meant to see stays readable, and the portal shows it
        self.assertEqual(as_alice.read(["serial", "state"])[0]["state"], "pending")
        page = self.url_open("/my/warranties")
        self.assertEqual(page.status_code, 200)
        self.assertIn("REVIEWED-1", page.text)
        self.assertNotIn("the invoice looks altered", page.text)
        # the back office still reads and writes it
        registration.with_user(self.warranty_user).note = "Checked with the shop"
        self.assertEqual(registration.with_user(self.warranty_user).note, "Checked with the shop")

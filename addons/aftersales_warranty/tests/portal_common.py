"""A portal customer (Alice), another customer (Bob), and the forms they fill in."""

from datetime import date

from odoo.tests import HttpCase

from odoo.addons.aftersales_service.tests.portal_common import PortalCustomersMixin

from .common import ONE_PIXEL_PNG, WarrantyCase

PNG = ONE_PIXEL_PNG + b"alice-photo-bytes-0001"
PDF = b"%PDF-1.4\n" + b"alice-invoice-bytes-0001"


class WarrantyPortalCase(PortalCustomersMixin, WarrantyCase, HttpCase):
    """Alice buys from Dental Clinic's account, Bob from Seaside Hotel's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.portal_customer("w_portal_alice", cls.customer)
        cls.bob = cls.portal_customer("w_portal_bob", cls.other_customer)
        cls.symptom = cls.env["aftersales.claim.symptom"].create(
            {"code": "T-NOCOOL", "name": "Does not cool"}
        )

    def register(self, serial, proof=PDF, token=True):
        data = {
            "product_id": str(self.product.id),
            "serial": serial,
            "purchase_date": date.today().isoformat(),
            "seller": "Cool Shop",
        }
        if token:
            data["csrf_token"] = self.csrf_token("/my/registrations/new")
        return self.url_open(
            "/my/registrations/new",
            data=data,
            files={"proof": ("invoice.pdf", proof, "application/pdf")},
        )

    def submit_claim(
        self, unit, photo=PNG, token=True, content_type="image/png", symptom=None, evidence=None
    ):
        """Post the claim form; `evidence` maps an evidence type to its (name, bytes)."""
        data = {
            "unit_id": str(unit.id),
            "symptom_id": str((symptom or self.symptom).id),
            "failure_date": date.today().isoformat(),
            "description": "Warm air only since Monday",
        }
        if token:
            data["csrf_token"] = self.csrf_token(f"/my/claims/new?unit_id={unit.id}")
        files = [("photos", ("photo.png", photo, content_type))]
        for evidence_type, (name, content) in (evidence or {}).items():
            files.append((f"evidence_{evidence_type.id}", (name, content, "image/png")))
        return self.url_open("/my/claims/new", data=data, files=files)

    def registrations(self, serial):
        return self.env["aftersales.registration"].search([("serial", "=", serial)])

    def claims_of(self, unit):
        return self.env["aftersales.claim"].search([("equipment_id", "=", unit.id)])

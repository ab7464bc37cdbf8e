from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .portal_common import PortalCustomersMixin


@tagged("post_install", "-at_install")
class TestPortalVisitReportTour(PortalCustomersMixin, HttpCase):
    """The end of the field-service journey: the technician closed the visit with the
    customer's signature; the customer finds the report on the portal."""

    def test_customer_finds_the_report_and_records_a_reading(self):
        product = self.env["product.product"].create(
            {"name": "Tour compressor", "is_storable": True, "tracking": "serial"}
        )
        portal_user = self.portal_customer("fs_tour_customer", "Tour Bakery")
        other_user = self.portal_customer("fs_tour_other", "Tour Other Shop")
        unit = self.portal_unit(
            "TOUR-FS-1", portal_user.commercial_partner_id, product, counter_kind="hours"
        )
        visit = self.env["aftersales.visit"].create(
            {"equipment_id": unit.id, "visit_type": "maintenance", "signed_by": "Baker"}
        )
        visit.action_done()

        self.start_tour("/my", "aftersales_portal_visit_report", login=portal_user.login)

        self.assertEqual(unit.reading_ids.mapped("value"), [321.0])
        self.assertEqual(unit.reading_ids.source, "portal")
        report_url = f"/my/equipment/{unit.id}/visit/{visit.id}/report?download=1"
        self.login(portal_user)
        self.assertEqual(self.url_open(report_url).status_code, 200)
        self.login(other_user)
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(report_url).status_code, 404)

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalVisitReportTour(HttpCase):
    """The end of the field-service journey: the technician closed the visit with the
    customer's signature; the customer finds the report on the portal."""

    def test_customer_finds_the_report_and_records_a_reading(self):
        product = self.env["product.product"].create(
            {"name": "Tour compressor", "is_storable": True, "tracking": "serial"}
        )
        customer = self.env["res.partner"].create({"name": "Tour Bakery", "is_company": True})
        portal_user = new_test_user(self.env, "fs_tour_customer", groups="base.group_portal")
        portal_user.partner_id.parent_id = customer
        other_user = new_test_user(self.env, "fs_tour_other", groups="base.group_portal")
        lot = self.env["stock.lot"].create({"name": "TOUR-FS-1", "product_id": product.id})
        unit = self.env["aftersales.equipment"].create(
            {
                "product_id": product.id,
                "lot_id": lot.id,
                "partner_id": customer.id,
                "counter_kind": "hours",
            }
        )
        visit = self.env["aftersales.visit"].create(
            {"equipment_id": unit.id, "visit_type": "maintenance", "signed_by": "Baker"}
        )
        visit.action_done()

        self.start_tour("/my", "aftersales_portal_visit_report", login=portal_user.login)

        self.assertEqual(unit.reading_ids.mapped("value"), [321.0])
        self.assertEqual(unit.reading_ids.source, "portal")
        report_url = f"/my/equipment/{unit.id}/visit/{visit.id}/report?download=1"
        self.authenticate(portal_user.login, portal_user.login)
        self.assertEqual(self.url_open(report_url).status_code, 200)
        self.authenticate(other_user.login, other_user.login)
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(report_url).status_code, 404)

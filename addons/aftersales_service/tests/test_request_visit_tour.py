from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRequestVisitTour(HttpCase):
    def test_log_a_request_by_serial_and_plan_a_visit(self):
        new_test_user(self.env, "as_desk_user", groups="aftersales_service.group_service_user")
        customer = self.env["res.partner"].create({"name": "Tour Customer", "is_company": True})
        product = self.env["product.product"].create(
            {"name": "Tour Chiller", "is_storable": True, "tracking": "serial"}
        )
        unit = self.env["aftersales.equipment"].create(
            {
                "product_id": product.id,
                "lot_id": self.env["stock.lot"]
                .create({"name": "TOUR-SN-1", "product_id": product.id})
                .id,
                "partner_id": customer.id,
            }
        )
        self.start_tour("/odoo", "aftersales_request_visit", login="as_desk_user")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Unit stopped cooling")])
        self.assertEqual(ticket.equipment_id, unit)
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(ticket.visit_ids.equipment_id, unit)
        self.assertEqual(ticket.visit_ids.state, "planned")
        self.assertEqual(ticket.visit_ids.visit_type, "maintenance")

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.aftersales_service.tests.portal_common import PortalCustomersMixin


@tagged("post_install", "-at_install")
class TestDispatchTour(PortalCustomersMixin, HttpCase):
    def test_dispatcher_gets_parts_to_the_van_and_the_technician_closes_the_visit(self):
        dispatcher = new_test_user(
            self.env,
            "as_tour_dispatcher",
            groups="aftersales_service.group_service_user,stock.group_stock_user",
        )
        technician_user = new_test_user(
            self.env, "as_tour_technician", groups="aftersales_service.group_service_technician"
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        technician = self.env["aftersales.technician"].create(
            {"user_id": technician_user.id, "warehouse_id": warehouse.id}
        )
        technician.action_create_location()
        van = technician.location_id
        customer_user = self.portal_customer("as_tour_customer", "Tour Dispatch Customer")
        customer = customer_user.commercial_partner_id
        chiller = self.env["product.product"].create(
            {"name": "Tour Chiller", "is_storable": True, "tracking": "serial"}
        )
        part = self.env["product.product"].create(
            {"name": "Tour Filter", "is_storable": True, "aftersales_is_spare_part": True}
        )
        self.env["stock.quant"]._update_available_quantity(part, warehouse.lot_stock_id, 5)

        # an earlier visit on another chiller used two filters, from the warehouse's stock
        self.env["aftersales.visit"].create(
            {
                "equipment_id": self.portal_unit("TOUR-CH-1", customer, chiller).id,
                "technician_id": dispatcher.id,
                "location_id": warehouse.lot_stock_id.id,
                "part_line_ids": [Command.create({"product_id": part.id, "quantity": 2})],
            }
        ).action_done()
        visit = self.env["aftersales.visit"].create(
            {
                "equipment_id": self.portal_unit("TOUR-CH-2", customer, chiller).id,
                "technician_id": technician_user.id,
                # a name for the signature dialog to draw as it opens: under load it opens
                # before the name the tour types reaches the record
                "signed_by": "Tour Customer",
                "planned_start": fields.Datetime.now(),
                "planned_end": fields.Datetime.now() + timedelta(hours=2),
            }
        )
        self.assertEqual(visit.location_id, van)

        self.start_tour(
            "/odoo/service-dispatch", "aftersales_dispatch_parts", login=dispatcher.login
        )
        self.assertEqual(visit.parts_state, "ready")
        self.assertEqual(visit.transfer_ids.state, "done")
        self.assertEqual(part.with_context(location=van.id).qty_available, 2)

        self.start_tour(
            f"/odoo/service-visits/{visit.id}",
            "aftersales_technician_close_visit",
            login=technician_user.login,
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.signed_by, "Tour Signer")
        self.assertTrue(visit.signature)
        self.assertEqual(visit.part_line_ids.move_id.quantity, 2)
        self.assertEqual(visit.part_line_ids.move_id.location_id, van)
        self.assertEqual(part.with_context(location=van.id).qty_available, 0)
        self.assertEqual(visit.part_line_ids.reservation_move_ids.state, "cancel")

        self.start_tour(
            "/my/equipment", "aftersales_dispatch_customer_report", login=customer_user.login
        )
        self.login(customer_user)
        report = self.url_open(
            f"/my/equipment/{visit.equipment_id.id}/visit/{visit.id}/report?download=1"
        )
        self.assertEqual(report.status_code, 200)
        self.assertEqual(report.headers["Content-Type"], "application/pdf")

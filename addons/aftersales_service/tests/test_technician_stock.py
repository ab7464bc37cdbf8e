from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesServiceCase


class TechnicianStockCase(AftersalesServiceCase):
    """Two technicians with a van each under the main warehouse, a customer's unit, and parts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.tech_user = new_test_user(
            cls.env, "as_tech_ali", groups="aftersales_service.group_service_technician"
        )
        cls.tech_user_2 = new_test_user(
            cls.env, "as_tech_mei", groups="aftersales_service.group_service_technician"
        )
        cls.stock_user = new_test_user(cls.env, "as_tech_stock", groups="stock.group_stock_user")
        cls.technician = cls.make_technician(cls.tech_user)
        cls.technician_2 = cls.make_technician(cls.tech_user_2)
        cls.van, cls.van_2 = cls.technician.location_id, cls.technician_2.location_id
        cls.customer = cls.env["res.partner"].create({"name": "Cold Store Sdn Bhd"})
        chiller = cls.env["product.product"].create(
            {"name": "Chiller", "is_storable": True, "tracking": "serial"}
        )
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "product_id": chiller.id,
                "lot_id": cls.env["stock.lot"]
                .create({"name": "CH-100", "product_id": chiller.id})
                .id,
                "partner_id": cls.customer.id,
            }
        )
        cls.filter_part = cls.env["product.product"].create(
            {"name": "Filter drier", "is_storable": True}
        )
        cls.valve = cls.env["product.product"].create(
            {"name": "Expansion valve", "is_storable": True}
        )

    @classmethod
    def make_technician(cls, user):
        technician = (
            cls.env["aftersales.technician"]
            .with_user(cls.service_manager)
            .create({"user_id": user.id, "warehouse_id": cls.warehouse.id})
        )
        technician.action_create_location()
        return technician.sudo()

    def put(self, product, location, quantity):
        self.env["stock.quant"]._update_available_quantity(product, location, quantity)

    def plan_visit(self, technician_user=None, **vals):
        return (
            self.env["aftersales.visit"]
            .with_user(self.service_user)
            .create(
                {
                    "equipment_id": self.unit.id,
                    "technician_id": (technician_user or self.tech_user).id,
                    "planned_start": datetime(2026, 6, 10, 9, 0),
                    "planned_end": datetime(2026, 6, 10, 11, 0),
                    "part_line_ids": [
                        Command.create(
                            {"product_id": self.filter_part.id, "planned_qty": 2, "quantity": 0}
                        ),
                        Command.create(
                            {"product_id": self.valve.id, "planned_qty": 1, "quantity": 0}
                        ),
                    ],
                    **vals,
                }
            )
        )

    def free_in(self, product, location):
        return product.with_context(location=location.id).free_qty

    def on_hand_in(self, product, location):
        return product.with_context(location=location.id).qty_available


@tagged("post_install", "-at_install")
class TestTechnicianVan(TechnicianStockCase):
    def test_van_is_an_internal_location_under_the_warehouse(self):
        self.assertEqual(self.van.usage, "internal")
        self.assertEqual(self.van.location_id, self.warehouse.view_location_id)
        self.assertEqual(self.van.warehouse_id, self.warehouse)
        self.assertEqual(self.van.aftersales_technician_id, self.technician)
        self.assertNotEqual(self.van, self.van_2)

    def test_making_the_van_twice_makes_one(self):
        van = self.technician.location_id
        self.technician.with_user(self.service_manager).action_create_location()
        self.assertEqual(self.technician.location_id, van)
        route = self.warehouse.aftersales_van_route_id
        self.assertEqual(len(route.rule_ids.filtered(lambda r: r.location_dest_id == van)), 1)

    def test_van_is_restocked_from_the_warehouse_stock(self):
        rule = self.warehouse.aftersales_van_route_id.rule_ids.filtered(
            lambda r: r.location_dest_id == self.van
        )
        self.assertEqual(rule.location_src_id, self.stock)
        self.assertEqual(rule.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(rule.action, "pull")

    def test_van_replenishment_rule_brings_parts_by_internal_transfer(self):
        self.put(self.filter_part, self.stock, 20)
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.filter_part.id,
                "location_id": self.van.id,
                "warehouse_id": self.warehouse.id,
                "route_id": self.warehouse.aftersales_van_route_id.id,
                "product_min_qty": 2,
                "product_max_qty": 5,
            }
        ).action_replenish()
        move = self.env["stock.move"].search(
            [("product_id", "=", self.filter_part.id), ("location_dest_id", "=", self.van.id)]
        )
        self.assertEqual(move.location_id, self.stock)
        self.assertEqual(move.product_uom_qty, 5)
        self.assertEqual(move.picking_type_id, self.warehouse.int_type_id)

    def test_visit_parts_leave_the_technicians_van_by_default(self):
        visit = self.plan_visit()
        self.assertEqual(visit.location_id, self.van)
        self.put(self.filter_part, self.van, 3)
        visit.part_line_ids.filtered(lambda line: line.product_id == self.filter_part).quantity = 1
        visit.action_done()
        consumed = visit.sudo().part_line_ids.move_id
        self.assertEqual(consumed.location_id, self.van)
        self.assertEqual(consumed.state, "done")
        self.assertEqual(self.on_hand_in(self.filter_part, self.van), 2)

    def test_without_a_van_parts_leave_the_warehouse_stock(self):
        visit = self.plan_visit(technician_user=self.service_user)
        self.assertEqual(visit.location_id, self.stock)

    def test_a_technician_moves_warehouse_only_with_a_new_profile(self):
        other = self.env["stock.warehouse"].create({"name": "Johor", "code": "JHR"})
        with self.assertRaisesRegex(Exception, "new technician profile"):
            self.technician.with_user(self.service_manager).warehouse_id = other


@tagged("post_install", "-at_install")
class TestPartsReservation(TechnicianStockCase):
    def test_parts_are_missing_until_reserved(self):
        visit = self.plan_visit()
        self.assertEqual(visit.parts_state, "missing")
        self.assertFalse(self.plan_visit(part_line_ids=[]).parts_state)

    def test_confirming_reserves_parts_held_in_the_van(self):
        self.put(self.filter_part, self.van, 5)
        self.put(self.valve, self.van, 1)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        self.assertEqual(visit.parts_state, "ready")
        self.assertFalse(visit.sudo().transfer_ids)
        self.assertEqual(self.free_in(self.filter_part, self.van), 3)
        self.assertEqual(self.free_in(self.valve, self.van), 0)
        moves = visit.sudo().part_line_ids.reservation_move_ids
        self.assertEqual(set(moves.mapped("state")), {"assigned"})
        self.assertEqual(moves.location_id, self.van)

    @freeze_time("2026-06-01 08:00:00")
    def test_confirming_brings_what_the_van_lacks_the_day_before(self):
        self.put(self.filter_part, self.van, 1)
        self.put(self.filter_part, self.stock, 10)
        self.put(self.valve, self.stock, 10)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        transfer = visit.sudo().transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual((transfer.location_id, transfer.location_dest_id), (self.stock, self.van))
        self.assertEqual(transfer.scheduled_date, datetime(2026, 6, 9, 9, 0))
        quantities = {move.product_id: move.product_uom_qty for move in transfer.move_ids}
        self.assertEqual(quantities, {self.filter_part: 1, self.valve: 1})
        self.assertEqual(visit.parts_state, "on_the_way")

        self.validate_as(self.stock_user, transfer)
        self.assertEqual(visit.parts_state, "ready")
        self.assertEqual(
            set(visit.sudo().part_line_ids.reservation_move_ids.mapped("state")), {"assigned"}
        )

    def test_parts_neither_in_the_van_nor_coming_are_missing(self):
        self.put(self.filter_part, self.van, 2)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        # the transfer for the valve is made but the warehouse has none to send
        self.assertEqual(visit.sudo().transfer_ids.move_ids.product_id, self.valve)
        self.assertEqual(visit.parts_state, "on_the_way")
        visit.sudo().transfer_ids.action_cancel()
        self.assertEqual(visit.parts_state, "missing")

    def test_reserving_twice_reserves_once(self):
        self.put(self.filter_part, self.van, 5)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        moves, transfer = visit.sudo().part_line_ids.reservation_move_ids, visit.sudo().transfer_ids
        visit.action_reserve_parts()
        self.assertEqual(visit.sudo().part_line_ids.reservation_move_ids, moves)
        self.assertEqual(visit.sudo().transfer_ids, transfer)
        self.assertEqual(self.free_in(self.filter_part, self.van), 3)

    def test_more_parts_planned_are_reserved_again(self):
        self.put(self.filter_part, self.van, 5)
        self.put(self.valve, self.van, 5)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        visit.part_line_ids.filtered(lambda line: line.product_id == self.valve).planned_qty = 3
        visit.action_reserve_parts()
        self.assertEqual(self.free_in(self.valve, self.van), 2)
        self.assertEqual(self.free_in(self.filter_part, self.van), 3)

    def test_reassigning_moves_reservations_to_the_new_van(self):
        self.put(self.filter_part, self.van, 5)
        self.put(self.valve, self.stock, 5)
        self.put(self.filter_part, self.van_2, 2)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        old_transfer = visit.sudo().transfer_ids
        visit.with_user(self.service_user).technician_id = self.tech_user_2
        self.assertEqual(visit.location_id, self.van_2)
        self.assertEqual(self.free_in(self.filter_part, self.van), 5)
        self.assertEqual(self.free_in(self.filter_part, self.van_2), 0)
        self.assertEqual(old_transfer.state, "cancel")
        new_transfer = visit.sudo().transfer_ids - old_transfer
        self.assertEqual(new_transfer.location_dest_id, self.van_2)
        self.assertEqual(new_transfer.move_ids.product_id, self.valve)
        active = visit.sudo().part_line_ids.reservation_move_ids._aftersales_active()
        self.assertEqual(active.location_id, self.van_2)
        self.assertEqual(len(active), 2)
        # assigning the same technician again changes nothing
        visit.technician_id = self.tech_user_2
        self.assertEqual(
            visit.sudo().part_line_ids.reservation_move_ids._aftersales_active(), active
        )

    def test_closing_consumes_used_parts_and_frees_the_rest(self):
        self.put(self.filter_part, self.van, 5)
        self.put(self.valve, self.van, 1)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        visit.part_line_ids.filtered(lambda line: line.product_id == self.filter_part).quantity = 1
        visit.action_start()
        visit.action_done()
        self.assertEqual(
            set(visit.sudo().part_line_ids.reservation_move_ids.mapped("state")), {"cancel"}
        )
        # one filter used, the other planned one and the unused valve stay in the van, free
        self.assertEqual(self.on_hand_in(self.filter_part, self.van), 4)
        self.assertEqual(self.free_in(self.filter_part, self.van), 4)
        self.assertEqual(self.free_in(self.valve, self.van), 1)
        consumed = visit.sudo().part_line_ids.move_id
        self.assertEqual(consumed.product_id, self.filter_part)
        self.assertEqual(consumed.quantity, 1)

    def test_closing_cancels_transfers_not_done_and_keeps_parts_brought(self):
        self.put(self.filter_part, self.stock, 5)
        self.put(self.valve, self.stock, 5)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        transfer = visit.sudo().transfer_ids
        partial = transfer.move_ids.filtered(lambda move: move.product_id == self.filter_part)
        self.validate_as(self.stock_user, transfer)
        self.assertEqual(self.on_hand_in(self.filter_part, self.van), 2)
        visit.action_done()
        self.assertEqual(partial.state, "done")
        self.assertEqual(self.free_in(self.filter_part, self.van), 2)

    def test_cancelling_the_visit_frees_its_parts_and_transfers(self):
        self.put(self.filter_part, self.van, 2)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        visit.action_cancel()
        self.assertEqual(visit.sudo().transfer_ids.state, "cancel")
        self.assertEqual(self.free_in(self.filter_part, self.van), 2)

    def test_dropping_a_planned_part_frees_it(self):
        self.put(self.filter_part, self.van, 2)
        self.put(self.valve, self.van, 1)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        visit.part_line_ids.filtered(lambda line: line.product_id == self.valve).unlink()
        self.assertEqual(self.free_in(self.valve, self.van), 1)

    def test_a_warehouse_user_validating_a_transfer_without_visits_is_untouched(self):
        self.put(self.filter_part, self.stock, 3)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.van.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.filter_part.id,
                            "product_uom_qty": 3,
                            "location_id": self.stock.id,
                            "location_dest_id": self.van.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        self.validate_as(self.stock_user, picking)
        self.assertFalse(picking.aftersales_visit_id)

    def test_the_time_window_ends_at_the_request_sla_deadline(self):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Field", "use_sla": True, "user_ids": [Command.link(self.env.uid)]}
        )
        solved = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        self.env["helpdesk.sla"].create(
            {"name": "Next day", "team_ids": [team.id], "days": 1, "stage_id": solved.id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Compressor trips",
                "description": "Trips",
                "partner_id": self.customer.id,
                "team_id": team.id,
            }
        )
        self.assertTrue(ticket.sla_deadline)
        visit = self.plan_visit(ticket_id=ticket.id)
        self.assertEqual(visit.sla_deadline, ticket.sla_deadline)


@tagged("post_install", "-at_install")
class TestDispatch(TechnicianStockCase):
    def test_dispatch_groups_planned_visits_by_technician_with_their_parts_state(self):
        self.put(self.filter_part, self.van_2, 2)
        self.put(self.valve, self.van_2, 1)
        missing = self.plan_visit()
        ready = self.plan_visit(technician_user=self.tech_user_2)
        ready.action_reserve_parts()
        done = self.plan_visit(part_line_ids=[])
        done.action_done()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_dispatch")
        Visit = self.env["aftersales.visit"].with_user(self.service_user)
        domain = [*safe_eval(action["domain"]), ("id", "in", (missing | ready | done).ids)]
        groups = Visit._read_group(domain, ["technician_id", "parts_state"], ["__count"])
        self.assertEqual(
            set(groups), {(self.tech_user, "missing", 1), (self.tech_user_2, "ready", 1)}
        )
        self.assertEqual(Visit.search([("parts_state", "=", "missing")] + domain), missing)
        views = Visit.get_views(
            [(view_id, mode) for view_id, mode in action["views"] if mode != "form"]
        )["views"]
        self.assertEqual(set(views), {"calendar", "list", "kanban"})
        self.assertIn('default_group_by="technician_id"', views["kanban"]["arch"])

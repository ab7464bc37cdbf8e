from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitPartProposal(TransactionCase):
    """Parts proposed for a visit from what past visits on the product used and from fitments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.technician = new_test_user(
            cls.env, "as_prop_tech", groups="aftersales_service.group_service_technician"
        )
        cls.other_technician = new_test_user(
            cls.env, "as_prop_tech2", groups="aftersales_service.group_service_technician"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Ice Factory"})
        cls.chiller = cls.env["product.product"].create(
            {"name": "Chiller C1", "is_storable": True, "tracking": "serial"}
        )
        cls.other_product = cls.env["product.product"].create(
            {"name": "Freezer F1", "is_storable": True, "tracking": "serial"}
        )
        cls.units = [cls.unit(cls.chiller, f"C1-{n}") for n in range(5)]
        cls.freezer = cls.unit(cls.other_product, "F1-1")
        part = cls.spare_part
        cls.filter_drier, cls.valve, cls.fan, cls.relay, cls.belt, cls.gasket = (
            part("Filter drier"),
            part("Expansion valve"),
            part("Condenser fan"),
            part("Start relay"),
            part("Drive belt"),
            part("Door gasket"),
        )
        cls.tripping = cls.env["helpdesk.ticket.category"].create({"name": "Compressor trips"})
        cls.noise = cls.env["helpdesk.ticket.category"].create({"name": "Noise"})
        # four past visits on chillers: the filter drier on three (2 + 2 + 1), the valve on one,
        # the relay on the two about tripping; a visit on a freezer used belts
        cls.past_visit(cls.units[0], {cls.filter_drier: 2, cls.relay: 1}, cls.tripping)
        cls.past_visit(cls.units[1], {cls.filter_drier: 2, cls.relay: 1}, cls.tripping)
        cls.past_visit(cls.units[2], {cls.filter_drier: 1, cls.valve: 1}, cls.noise)
        cls.past_visit(cls.units[3], {cls.fan: 1})
        cls.past_visit(cls.freezer, {cls.belt: 4})
        # a planned, not done, visit does not count
        cls.env["aftersales.visit"].create(
            {
                "equipment_id": cls.units[3].id,
                "part_line_ids": [Command.create({"product_id": cls.valve.id, "quantity": 9})],
            }
        )
        Fitment = cls.env["aftersales.part.fitment"]
        Fitment.create(
            [
                {
                    "part_id": cls.gasket.product_tmpl_id.id,
                    "product_id": cls.chiller.product_tmpl_id.id,
                    "quantity": 2,
                    "failure_rate": 0.3,
                },
                {
                    "part_id": cls.fan.product_tmpl_id.id,
                    "product_id": cls.chiller.product_tmpl_id.id,
                    "failure_rate": 0.5,
                },
                {
                    "part_id": cls.belt.product_tmpl_id.id,
                    "product_id": cls.chiller.product_tmpl_id.id,
                    "failure_rate": 0.0,
                },
            ]
        )

    @classmethod
    def unit(cls, product, serial):
        return cls.env["aftersales.equipment"].create(
            {
                "product_id": product.id,
                "lot_id": cls.env["stock.lot"]
                .create({"name": serial, "product_id": product.id})
                .id,
                "partner_id": cls.customer.id,
            }
        )

    @classmethod
    def spare_part(cls, name):
        return cls.env["product.product"].create(
            {"name": name, "is_storable": True, "aftersales_is_spare_part": True}
        )

    @classmethod
    def past_visit(cls, unit, parts, category=None):
        ticket = cls.env["helpdesk.ticket"]
        if category:
            ticket = ticket.create(
                {"name": "Fault", "description": "Fault", "category_id": category.id}
            )
        visit = cls.env["aftersales.visit"].create(
            {
                "equipment_id": unit.id,
                "ticket_id": ticket.id,
                "technician_id": cls.other_technician.id,
                "part_line_ids": [
                    Command.create({"product_id": part.id, "quantity": quantity})
                    for part, quantity in parts.items()
                ],
            }
        )
        visit.action_done()
        return visit

    def new_visit(self, category=None):
        ticket = self.env["helpdesk.ticket"]
        if category:
            ticket = ticket.create(
                {"name": "New fault", "description": "Fault", "category_id": category.id}
            )
        return self.env["aftersales.visit"].create(
            {
                "equipment_id": self.units[4].id,
                "ticket_id": ticket.id,
                "technician_id": self.technician.id,
            }
        )

    def test_history_first_by_share_of_visits_then_fitments_by_failure_rate(self):
        proposals = self.new_visit()._part_proposals()
        self.assertEqual(
            [(part, quantity) for part, quantity, _why in proposals],
            [
                (self.filter_drier, 2),  # 3 of 4 visits, 5 used: ceil(5 / 3)
                (self.relay, 1),  # 2 of 4
                (self.valve, 1),  # 1 of 4, 1 used
                (self.fan, 1),  # 1 of 4, 1 used (also fits, not proposed twice)
                (self.gasket, 2),  # fits, 0.3 failures a unit-year, 2 per unit
            ],
        )
        self.assertEqual(proposals[0][2], "Used on 3 of 4 past visits on this product")
        self.assertIn("Fits Chiller C1", proposals[4][2])

    def test_the_symptom_narrows_history_to_visits_for_it(self):
        proposals = self.new_visit(self.tripping)._part_proposals()
        self.assertEqual(
            [part for part, _quantity, _why in proposals],
            [self.filter_drier, self.relay, self.fan, self.gasket],
        )
        self.assertEqual(proposals[0][2], "Used on 2 of 2 past visits for Compressor trips")

    def test_a_symptom_never_seen_falls_back_to_the_product_history(self):
        unseen = self.env["helpdesk.ticket.category"].create({"name": "Leaks"})
        proposals = self.new_visit(unseen)._part_proposals()
        self.assertEqual(proposals[0][0], self.filter_drier)
        self.assertEqual(len(proposals), 5)

    def test_history_and_fitments_are_those_of_the_units_product(self):
        visit = self.env["aftersales.visit"].create({"equipment_id": self.freezer.id})
        self.assertEqual([(part, q) for part, q, _w in visit._part_proposals()], [(self.belt, 4)])
        self.env["aftersales.part.fitment"].create(
            {
                "part_id": self.gasket.product_tmpl_id.id,
                "product_id": self.other_product.product_tmpl_id.id,
                "failure_rate": 0.1,
            }
        )
        self.assertEqual(
            [part for part, _q, _w in visit._part_proposals()], [self.belt, self.gasket]
        )

    def test_a_superseded_fitment_proposes_its_successor(self):
        new_gasket = self.spare_part("Door gasket mk2")
        self.gasket.product_tmpl_id.aftersales_successor_id = new_gasket.product_tmpl_id
        proposals = self.new_visit()._part_proposals()
        self.assertEqual(proposals[-1][0], new_gasket)

    def test_the_technician_adds_the_proposals_as_planned_parts(self):
        visit = self.new_visit(self.tripping)
        visit.write(
            {
                "part_line_ids": [
                    Command.create({"product_id": self.relay.id, "planned_qty": 3, "quantity": 0})
                ]
            }
        )
        own = visit.with_user(self.technician)
        own.action_propose_parts()
        own.action_propose_parts()  # twice: nothing more
        planned = {line.product_id: line.planned_qty for line in visit.part_line_ids}
        self.assertEqual(
            planned,
            {self.relay: 3, self.filter_drier: 2, self.fan: 1, self.gasket: 2},
        )
        self.assertEqual(set(visit.part_line_ids.mapped("quantity")), {0.0})
        self.assertEqual(visit.parts_state, "missing")
        proposed = visit.part_line_ids.filtered(lambda line: line.product_id == self.filter_drier)
        self.assertEqual(
            proposed.proposal_reason, "Used on 2 of 2 past visits for Compressor trips"
        )

    def test_a_visit_without_unit_gets_no_proposal(self):
        visit = self.env["aftersales.visit"].create({"technician_id": self.technician.id})
        with self.assertRaisesRegex(Exception, "Say which unit"):
            visit.action_propose_parts()

"""A service price list, labour and travel products, units in and out of cover."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command

from .common import WarrantyCase


class ServiceRevenueCase(WarrantyCase):
    """Labour is listed at 60 an hour and priced 80 by the service price list; the part is
    listed at 220 and priced 200; travel has no rule: its list price, 1 a km. No taxes, so
    the amounts read as computed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.labour = cls.env["product.product"].create(
            {
                "name": "Technician hour",
                "type": "service",
                "list_price": 60.0,
                "standard_price": 25.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.travel = cls.env["product.product"].create(
            {
                "name": "Travel (km)",
                "type": "service",
                "list_price": 1.0,
                "standard_price": 0.4,
                "taxes_id": [Command.clear()],
            }
        )
        cls.part.taxes_id = [Command.clear()]
        cls.service_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Service rates",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.labour.id,
                            "compute_price": "fixed",
                            "fixed_price": 80.0,
                        }
                    ),
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.part.id,
                            "compute_price": "fixed",
                            "fixed_price": 200.0,
                        }
                    ),
                ],
            }
        )
        cls.company.write(
            {
                "aftersales_service_pricelist_id": cls.service_pricelist.id,
                "aftersales_labour_product_id": cls.labour.id,
                "aftersales_travel_product_id": cls.travel.id,
            }
        )

    @classmethod
    def make_unit(cls, delivered, partner=None, prefix="SR"):
        """A unit of `partner` delivered on `delivered` (cover runs 24 months from then)."""
        partner = partner or cls.customer
        cls.serial_count += 1
        lot = cls.env["stock.lot"].create(
            {"name": f"{prefix}-{cls.serial_count:05d}", "product_id": cls.product.id}
        )
        return cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "lot_id": lot.id,
                "partner_id": partner.id,
                "delivery_date": delivered,
            }
        )

    @classmethod
    def out_of_cover_unit(cls, partner=None):
        return cls.make_unit(date.today() - timedelta(days=4 * 365), partner)

    @classmethod
    def covered_unit(cls, partner=None):
        return cls.make_unit(date.today() - timedelta(days=30), partner)

    def paid_repair(self, unit, hours=2.0, km=30.0):
        """A repair of `unit`: one part, `hours` of labour and `km` of travel."""
        return self.env["repair.order"].create(
            {
                "product_id": unit.product_id.id,
                "lot_id": unit.lot_id.id,
                "partner_id": unit.partner_id.id,
                "picking_type_id": self.warehouse.repair_type_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "repair_line_type": "add",
                            "product_id": self.part.id,
                            "product_uom_qty": 1.0,
                        }
                    )
                ],
                "repair_service_ids": [
                    Command.create({"product_id": self.labour.id, "product_uom_qty": hours}),
                    Command.create({"product_id": self.travel.id, "product_uom_qty": km}),
                ],
            }
        )

    def line_of(self, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    def done_visit(self, unit, start, hours=2.0, km=0.0, parts=1.0):
        visit = self.env["aftersales.visit"].create(
            {
                "equipment_id": unit.id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=hours),
                "aftersales_travel_distance": km,
                "part_line_ids": [Command.create({"product_id": self.part.id, "quantity": parts})]
                if parts
                else [],
            }
        )
        with freeze_time(start):
            visit.action_start()
        with freeze_time(start + timedelta(hours=hours)):
            visit.action_done()
        return visit

"""A constructed installed base for the campaign tests: two owners in two countries and
languages, serials VX-00001... delivered on chosen days, some stock still in the warehouse."""

from datetime import date

from odoo import Command

from .common import WarrantyCase


class CampaignCase(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.vietnam = cls.env.ref("base.vn")
        cls.malaysia = cls.env.ref("base.my")
        cls.selangor = cls.env["res.country.state"].create(
            {"name": "Selangor (test)", "code": "SGRT", "country_id": cls.malaysia.id}
        )
        cls.customer.write(
            {"lang": "vi_VN", "email": "clinic@example.com", "country_id": cls.vietnam.id}
        )
        cls.other_customer.write(
            {
                "lang": "en_US",
                "email": "hotel@example.com",
                "country_id": cls.malaysia.id,
                "state_id": cls.selangor.id,
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Valve Maker Ltd"})
        cls.valve = cls.env["product.product"].create(
            {"name": "Valve V-2", "is_storable": True, "standard_price": 40.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.valve, cls.warehouse.lot_stock_id, 50)
        cls.next_serial = 1

    @classmethod
    def install(cls, count, day, owner=None, product=None):
        """`count` units delivered on `day` to `owner`, serials following each other."""
        product = product or cls.product
        lots = cls.env["stock.lot"].create(
            [
                {"name": f"VX-{cls.next_serial + n:05d}", "product_id": product.id}
                for n in range(count)
            ]
        )
        cls.next_serial += count
        return cls.env["aftersales.equipment"].create(
            [
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "partner_id": (owner or cls.customer).id,
                    "delivery_date": day,
                }
                for lot in lots
            ]
        )

    @classmethod
    def make_campaign(cls, **vals):
        values = {
            "name": "Compressor valve recall",
            "campaign_type": "safety_recall",
            "remedy": "repair",
            "product_ids": [Command.set(cls.product.ids)],
            "date_start": date.today(),
            "budget": 1000.0,
            "labour_rate": 50.0,
            "remedy_labour_hours": 2.0,
            "vendor_id": cls.vendor.id,
            "letter": "<p>The compressor valve may leak: we replace it for free.</p>",
            **vals,
        }
        return cls.env["aftersales.campaign"].with_user(cls.warranty_manager).create(values)

    def close_visit(self, task, parts=None):
        """The technician closes the campaign visit of `task`, fitting `parts` ({product: qty})."""
        visit = task.visit_id or task.action_plan_visit()
        if parts:
            visit.part_line_ids = [
                Command.create({"product_id": product.id, "quantity": qty})
                for product, qty in parts.items()
            ]
        visit.with_user(self.service_user).action_done()
        return visit

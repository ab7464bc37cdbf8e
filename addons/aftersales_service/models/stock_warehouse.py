from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_van_route_id = fields.Many2one(
        "stock.route",
        string="Van Replenishment Route",
        readonly=True,
        copy=False,
        help="Restocks the technicians' vans from this warehouse's stock.",
    )

    def _aftersales_ensure_van_rule(self, van):
        """The route restocking this warehouse's vans, with a rule for ``van`` (once)."""
        self.ensure_one()
        if not self.aftersales_van_route_id:
            self.aftersales_van_route_id = self.env["stock.route"].create(
                {
                    "name": self.env._("%(warehouse)s: Van Replenishment", warehouse=self.name),
                    "company_id": self.company_id.id,
                    "product_selectable": False,
                    "warehouse_selectable": False,
                    "sequence": 100,
                }
            )
        route = self.aftersales_van_route_id
        # archived while the storage locations setting is off; vans need it
        self.int_type_id.active = True
        if route.rule_ids.filtered(lambda rule: rule.location_dest_id == van):
            return
        self.env["stock.rule"].create(
            {
                "name": self.env._(
                    "%(stock)s → %(van)s", stock=self.lot_stock_id.display_name, van=van.name
                ),
                "route_id": route.id,
                "action": "pull",
                "procure_method": "make_to_stock",
                "picking_type_id": self.int_type_id.id,
                "location_src_id": self.lot_stock_id.id,
                "location_dest_id": van.id,
                "location_dest_from_rule": True,
                "warehouse_id": self.id,
                "company_id": self.company_id.id,
            }
        )

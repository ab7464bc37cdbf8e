from odoo import api, fields, models


class StockWarehouse(models.Model):
    """Each warehouse has a returns location beside its stock, not inside it: what customers
    send back waits there for inspection, and no delivery from stock can reserve it."""

    _inherit = "stock.warehouse"

    aftersales_return_location_id = fields.Many2one(
        "stock.location",
        string="Returns Location",
        check_company=True,
        help="Where goods returned on a warranty claim are received and wait for their "
        "inspection; outside the stock location, so they cannot be reserved for a sale.",
    )

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        values["aftersales_return_location_id"] = {
            "name": self.env._("Returns"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "RETURNS", company_id),
        }
        return values

    @api.model
    def _aftersales_create_return_locations(self):
        """Give the warehouses that existed before this module their returns location."""
        missing = self.with_context(active_test=False).search(
            [("aftersales_return_location_id", "=", False)]
        )
        for warehouse in missing:
            warehouse._create_missing_locations({})

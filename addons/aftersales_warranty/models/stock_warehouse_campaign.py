from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"  # pylint: disable=consider-merging-classes-inherited

    aftersales_campaign_location_id = fields.Many2one(
        "stock.location",
        string="Campaign Quarantine",
        readonly=True,
        copy=False,
        help="Where the stock of a recalled range waits, outside the warehouse's stock "
        "location so that no delivery reserves it.",
    )

    def _campaign_quarantine_location(self):
        """The warehouse's campaign quarantine location, made on first use."""
        self.ensure_one()
        if not self.aftersales_campaign_location_id:
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Campaign Quarantine"),
                        "usage": "internal",
                        "location_id": self.view_location_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
            self.sudo().aftersales_campaign_location_id = location
        return self.aftersales_campaign_location_id

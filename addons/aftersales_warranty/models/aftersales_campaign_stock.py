from odoo import fields, models
from odoo.tools import SQL


class AftersalesCampaign(models.Model):
    """Affected stock still in our warehouses: unreserved and moved to the warehouse's
    campaign quarantine location, where no delivery takes it from."""

    _inherit = "aftersales.campaign"  # pylint: disable=consider-merging-classes-inherited

    quarantined_quantity = fields.Float(
        compute="_compute_quarantined_quantity", string="Quarantined Stock"
    )

    def _affected_lot_ids(self):
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT lot.id FROM stock_lot lot WHERE %s",
                SQL(" AND ").join(self._affected_lot_conditions("lot")),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _quarantine_locations(self):
        return (
            self.env["stock.warehouse"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids)])
            .aftersales_campaign_location_id
        )

    def _compute_quarantined_quantity(self):
        locations = self._quarantine_locations()
        for campaign in self:
            if not locations or not campaign.id:
                campaign.quarantined_quantity = 0.0
                continue
            quants = (
                self.env["stock.quant"]
                .sudo()
                ._read_group(
                    [
                        ("lot_id", "in", campaign._affected_lot_ids()),
                        ("location_id", "in", locations.ids),
                    ],
                    [],
                    ["quantity:sum"],
                )
            )
            campaign.quarantined_quantity = quants[0][0]

    def _quarantine_affected_stock(self):
        Quant = self.env["stock.quant"].sudo()
        for campaign in self:
            lot_ids = campaign._affected_lot_ids()
            if not lot_ids:
                continue
            quants = Quant.search(
                [
                    ("lot_id", "in", lot_ids),
                    ("quantity", ">", 0),
                    ("location_id.usage", "=", "internal"),
                    ("location_id.warehouse_id", "!=", False),
                    ("location_id", "not in", campaign._quarantine_locations().ids),
                ]
            )
            reserving = (
                self.env["stock.move.line"]
                .sudo()
                .search(
                    [
                        ("lot_id", "in", lot_ids),
                        ("location_id", "in", quants.location_id.ids),
                        ("state", "not in", ("done", "cancel")),
                    ]
                )
            )
            reserving_moves = reserving.move_id
            reserving_moves._do_unreserve()
            for warehouse in quants.location_id.warehouse_id:
                quarantine = warehouse._campaign_quarantine_location()
                quants.filtered(
                    lambda q, wh=warehouse: q.location_id.warehouse_id == wh
                ).move_quants(
                    location_dest_id=quarantine,
                    message=self.env._(
                        "Campaign %(reference)s: quarantine", reference=campaign.reference
                    ),
                )
            # the deliveries that lost their serials look for others
            reserving_moves.filtered(lambda m: m.state not in ("done", "cancel"))._action_assign()

    def action_view_quarantined_stock(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quarantined Stock"),
            "res_model": "stock.quant",
            "views": [[False, "list"]],
            "domain": [
                ("lot_id", "in", self._affected_lot_ids()),
                ("location_id", "in", self._quarantine_locations().ids),
            ],
        }

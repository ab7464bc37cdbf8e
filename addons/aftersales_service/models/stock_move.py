from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_visit_id = fields.Many2one(
        "aftersales.visit", string="Service Visit", index="btree_not_null", readonly=True
    )
    aftersales_visit_part_id = fields.Many2one(
        "aftersales.visit.part",
        string="Reserved for Visit Part",
        index="btree_not_null",
        readonly=True,
        help="The planned part of a visit this move holds in the technician's van.",
    )

    def _aftersales_active(self):
        """The moves still waiting to be done (neither done nor cancelled)."""
        return self.filtered(lambda move: move.state not in ("done", "cancel"))

    def _action_done(self, cancel_backorder=False):
        done_moves = super()._action_done(cancel_backorder=cancel_backorder)
        done_moves._register_installed_base()
        return done_moves

    def _register_installed_base(self):
        delivered_serials = self.move_line_ids.filtered(
            lambda line: (
                line.lot_id
                and line.product_id.aftersales_track_installed_base
                and line.location_dest_id.usage == "customer"
                and line.location_id.usage != "customer"
            )
        )
        if delivered_serials:
            self.env["aftersales.equipment"].sudo()._register_delivered_units(delivered_serials)

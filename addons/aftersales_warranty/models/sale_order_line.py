from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_claim_goods import RELEASED_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_sells_extended_warranty = fields.Boolean(
        compute="_compute_aftersales_sells_extended_warranty"
    )
    aftersales_equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Covered Unit",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id', '=', order_partner_id)]",
        help="The unit an extended warranty on this line covers.",
    )

    @api.depends("product_id.aftersales_extended_policy_id")
    def _compute_aftersales_sells_extended_warranty(self):
        for line in self:
            line.aftersales_sells_extended_warranty = bool(
                line.product_id.aftersales_extended_policy_id
            )

    def _create_extended_warranties(self):
        """One entitlement per extended-warranty unit sold, starting when current cover ends."""
        lines = self.filtered("aftersales_sells_extended_warranty")
        if not lines:
            return self.env["aftersales.warranty"]
        missing = lines.filtered(
            lambda line: not line.aftersales_equipment_id or line.product_uom_qty != 1
        )
        if missing:
            raise UserError(
                self.env._(
                    "Sell extended warranty %(product)s on order %(order)s one unit per line, "
                    "and choose the unit it covers.",
                    product=missing[0].product_id.display_name,
                    order=missing[0].order_id.name,
                )
            )
        # sudo: the salesman confirming the order need not read units or warranties; the
        # entitlements are ours to create.
        Warranty = self.env["aftersales.warranty"].sudo()
        already = Warranty.search([("sale_line_id", "in", lines.ids)]).sale_line_id
        vals_list = []
        for line in lines - already:
            unit = line.aftersales_equipment_id.sudo()
            sold_on = fields.Date.context_today(line, line.order_id.date_order)
            ends = unit.warranty_ids.filtered(lambda w: not w.voided and w.date_end)
            start = max([sold_on, *[end + timedelta(days=1) for end in ends.mapped("date_end")]])
            vals_list.append(
                {
                    "equipment_id": unit.id,
                    "policy_id": line.product_id.aftersales_extended_policy_id.id,
                    "origin": "extended",
                    "sale_line_id": line.id,
                    "date_start": start,
                }
            )
        return Warranty.create(vals_list)

    def _aftersales_end_granted_cover(self, on_date, reason):
        """The extended warranties and service contracts these lines sold stop covering from
        `on_date` (their sale was cancelled or refunded)."""
        if not self:
            return
        # sudo: the salesman or accountant cancelling need not read warranties or contracts
        self.env["aftersales.warranty"].sudo().search(
            [("sale_line_id", "in", self.ids)]
        )._end_cover(on_date, reason)
        self.env["contract.contract"].sudo().search(
            [("aftersales_sale_line_id", "in", self.ids)]
        )._aftersales_end_cover(on_date, reason)

    def _aftersales_goods_claimable(self):
        """Goods of this confirmed line were delivered and some are not claimed yet: they may
        be claimed by quantity (goods tracked by serial are claimed unit by unit)."""
        self.ensure_one()
        return (
            not self.display_type
            and self.state == "sale"
            and self.product_id.type == "consu"
            and self.product_id.tracking != "serial"
            and self.qty_delivered > 0
            and self._aftersales_quantity_claimable() > 0
        )

    def _aftersales_quantity_claimable(self):
        """Delivered on the line, less what the open or settled claims on it hold."""
        self.ensure_one()
        claims = (
            self.env["aftersales.claim"]
            .sudo()
            .search([("sale_line_id", "=", self.id), ("state", "not in", RELEASED_STATES)])
        )
        return self.qty_delivered - sum(claims.mapped("quantity"))

    def _aftersales_lots_delivered(self):
        self.ensure_one()
        moves = self.sudo().move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        return moves.move_line_ids.lot_id

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


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

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

QUOTE_STATES = [
    ("none", "No Quote"),
    ("waiting", "Waiting for the Customer"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
]


class RepairOrder(models.Model):
    """Paid and partly covered repairs: the customer's share of parts, labour and travel,
    quoted on the repair's sale order and accepted or refused by the customer.

    The shares say what the customer pays of each kind of line (100 % for a unit out of
    cover); a claim's repair takes them from its policy and pro-rata share. Quote lines are
    priced from the company's service price list (else the customer's), the covered part
    given as a discount, so the quote and its invoice show the full price and the customer's
    share of it. The repair cannot start while its quote waits for the customer; accepting
    it confirms the repair, refusing it cancels the repair and sends the unit back.
    """

    _inherit = "repair.order"  # pylint: disable=consider-merging-classes-inherited

    aftersales_parts_share = fields.Float(
        string="Customer Pays Parts (%)",
        default=100.0,
        help="Share of the parts' price the customer pays (100 % out of cover).",
    )
    aftersales_labour_share = fields.Float(
        string="Customer Pays Labour (%)",
        default=100.0,
        help="Share of the labour's price the customer pays (100 % out of cover).",
    )
    aftersales_travel_share = fields.Float(
        string="Customer Pays Travel (%)",
        default=100.0,
        help="Share of the travel's price the customer pays (100 % out of cover).",
    )
    aftersales_quote_state = fields.Selection(
        QUOTE_STATES, string="Quote", compute="_compute_aftersales_quote_state"
    )
    aftersales_return_picking_id = fields.Many2one(
        "stock.picking",
        string="Unit Sent Back",
        readonly=True,
        copy=False,
        help="The delivery returning the unit unrepaired after the customer refused the quote.",
    )

    _aftersales_shares_are_percentages = models.Constraint(
        "CHECK(aftersales_parts_share BETWEEN 0 AND 100 AND aftersales_labour_share "
        "BETWEEN 0 AND 100 AND aftersales_travel_share BETWEEN 0 AND 100)",
        "The shares the customer pays are percentages between 0 and 100.",
    )

    def write(self, vals):
        if "aftersales_return_picking_id" in vals and not self.env.su:
            raise AccessError(
                self.env._("The unit sent back is recorded when the customer refuses the quote.")
            )
        return super().write(vals)

    @api.depends("sale_order_id.state")
    def _compute_aftersales_quote_state(self):
        for repair in self:
            # sudo: the repair's user may read repairs without reading sale orders
            state = repair.sudo().sale_order_id.state
            repair.aftersales_quote_state = {
                False: "none",
                "draft": "waiting",
                "sent": "waiting",
                "sale": "accepted",
                "cancel": "refused",
            }[state]

    def _aftersales_concerned(self):
        """The repairs of a warranty claim or of a unit of the installed base: the others keep
        core's quotes and workflow untouched."""
        # sudo: whoever handles the repair need not read claims or units
        repairs = self.sudo()
        unit_lots = (
            self.env["aftersales.equipment"]
            .sudo()
            .search([("lot_id", "in", repairs.lot_id.ids)])
            .lot_id
            if repairs.lot_id
            else self.env["stock.lot"]
        )
        return self.filtered(
            lambda r: r.sudo().aftersales_claim_ids or (r.lot_id and r.lot_id in unit_lots)
        )

    def action_aftersales_quote(self):
        """Quote the repair to its customer and open the quote.

        Locks the repairs first: a double click or a second user opens the quote the first
        one made instead of making another.
        """
        self.lock_for_update()
        self.invalidate_recordset(["sale_order_id"])
        to_quote = self.filtered(lambda repair: not repair.sale_order_id)
        if to_quote:
            to_quote.action_create_sale_order()
        return self.action_view_sale_order()

    def action_create_sale_order(self):
        action = super().action_create_sale_order()
        concerned = self._aftersales_concerned()
        concerned._aftersales_price_quote()
        for repair in concerned:
            order = repair.sale_order_id
            # the customer follows the quote, so it is on their portal's quotations
            order.message_subscribe(partner_ids=order.partner_id.ids)
        return action

    def _aftersales_share_of(self, sale_line):
        """The share (%) of `sale_line`'s price the customer pays."""
        self.ensure_one()
        if sale_line.move_ids & self.move_ids:
            return self.aftersales_parts_share
        if sale_line.product_id == self.company_id.aftersales_travel_product_id:
            return self.aftersales_travel_share
        return self.aftersales_labour_share

    def _aftersales_price_quote(self, sale_lines=None):
        """Price the repairs' quote lines from the service price list, the covered part as a
        discount. A repair under warranty keeps its free lines."""
        repairs = self._aftersales_concerned()
        for repair in repairs.filtered(lambda r: r.sale_order_id and not r.under_warranty):
            order = repair.sale_order_id
            pricelist = repair.company_id.aftersales_service_pricelist_id
            if pricelist and order.pricelist_id != pricelist:
                order.pricelist_id = pricelist
            lines = sale_lines or (
                repair.move_ids.sale_line_id | repair.repair_service_ids.aftersales_sale_line_ids
            )
            for line in lines.filtered(lambda line, o=order: line.order_id == o):
                price = line.product_id.lst_price
                if order.pricelist_id:
                    price = order.pricelist_id._get_product_price(
                        line.product_id,
                        line.product_uom_qty or 1.0,
                        currency=order.currency_id,
                        uom=line.product_uom_id,
                        date=order.date_order,
                    )
                line.write(
                    {
                        "price_unit": price,
                        "technical_price_unit": price,
                        "discount": 100.0 - repair._aftersales_share_of(line),
                    }
                )

    def action_repair_start(self):
        waiting = self._aftersales_concerned().filtered(
            lambda r: r.aftersales_quote_state == "waiting" and not r.under_warranty
        )
        if waiting:
            raise UserError(
                self.env._("Repair %s waits for its customer to accept the quote.", waiting[0].name)
            )
        return super().action_repair_start()

    def _aftersales_on_quote_accepted(self):
        """The customer accepted: the repair is confirmed and may start."""
        repairs = self._aftersales_concerned()
        repairs.filtered(lambda r: r.state == "draft")._action_repair_confirm()
        for repair in repairs:
            repair.message_post(body=self.env._("The customer accepted the quote."))

    def _aftersales_on_quote_refused(self):
        """The customer refused: cancel the repairs, send each unit back, close their claims."""
        repairs = self._aftersales_concerned().filtered(lambda r: r.state not in ("done", "cancel"))
        if not repairs:
            return
        repairs.action_repair_cancel()
        pickings = self.env["stock.picking"].create(
            [repair._aftersales_return_delivery_vals() for repair in repairs]
        )
        pickings.action_confirm()
        for repair, picking in zip(repairs, pickings, strict=True):
            repair.aftersales_return_picking_id = picking
            repair.message_post(
                body=self.env._("The customer refused the quote: the unit is sent back.")
            )
        claims = self.env["aftersales.claim"].search(
            [("repair_id", "in", repairs.ids), ("state", "=", "in_progress")]
        )
        for claim in claims:
            claim._write_workflow(
                {"repaired_delivery_id": claim.repair_id.aftersales_return_picking_id.id}
            )
        claims.equipment_id.state = "in_service"
        for claim in claims:
            claim._action_done(outcome="not_fixed")

    def _aftersales_return_delivery_vals(self):
        """A delivery of the unit, unrepaired, from where the repair keeps it to the customer."""
        self.ensure_one()
        delivery_type = self.picking_type_id.warehouse_id.out_type_id
        source = self.product_location_src_id or delivery_type.default_location_src_id
        destination = self.partner_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        move_vals = {
            "product_id": self.product_id.id,
            "product_uom_qty": self.product_qty or 1.0,
            "product_uom": self.product_id.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
        }
        if self.lot_id:
            move_vals["move_line_ids"] = [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "lot_id": self.lot_id.id,
                        "quantity": 1.0,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                    }
                )
            ]
        return {
            "picking_type_id": delivery_type.id,
            "partner_id": self.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "move_ids": [Command.create(move_vals)],
        }

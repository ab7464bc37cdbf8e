from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare

# claims that no longer hold their quantity of the purchase line
RELEASED_STATES = ("rejected", "cancel")


class AftersalesClaim(models.Model):
    """A claim for goods without a serial number: a quantity of a sale order line or of an
    invoice line, lot-tracked or untracked, covered from the line's date by the product's
    policy. Checks, recommendation, tiers and execution are those of unit claims; the
    documents carry the quantity (and the lot), a refund is the pro-rata share of the line.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        compute="_compute_sale_line_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        help="The order line of the goods claimed, for goods bought without a serial number.",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        index="btree_not_null",
        tracking=True,
        domain="[('move_id.move_type', '=', 'out_invoice'), ('move_id.state', '=', 'posted'), "
        "('display_type', '=', 'product')]",
        help="The invoice line of the goods claimed, when they were invoiced without an order.",
    )
    quantity = fields.Float(
        string="Quantity Claimed",
        default=1.0,
        digits="Product Unit",
        tracking=True,
        help="How many of the goods bought on the line are faulty.",
    )
    is_goods_claim = fields.Boolean(
        string="Claim for Goods", compute="_compute_is_goods_claim", store=True
    )
    purchase_date = fields.Date(
        string="Bought On",
        compute="_compute_purchase_cover",
        store=True,
        help="When the cover of the goods started: their delivery, or their invoice when the "
        "policy's clock starts at the invoice.",
    )
    goods_cover_end = fields.Date(
        string="Goods Covered Until", compute="_compute_purchase_cover", store=True
    )
    quantity_claimable = fields.Float(
        string="Still Claimable",
        compute="_compute_quantity_claimable",
        digits="Product Unit",
        help="Bought on the line, less what the other claims on it hold.",
    )

    claimed_goods = fields.Char(
        compute="_compute_claimed_goods",
        help="The quantity, product, lot and order of the goods claimed, as the customer sees "
        "them.",
    )

    _positive_quantity = models.Constraint(
        "CHECK(quantity > 0)", "The quantity claimed must be positive."
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "purchase_date", "goods_cover_end"}

    @api.model
    def _approval_inputs(self):
        return super()._approval_inputs() | (
            {"sale_line_id", "invoice_line_id", "quantity", "lot_id"} & set(self._fields)
        )

    # ------------------------------------------------------------------
    # What is claimed
    # ------------------------------------------------------------------
    @api.depends("invoice_line_id")
    def _compute_sale_line_id(self):
        for claim in self:
            sold_on = claim.invoice_line_id.sudo().sale_line_ids[:1]
            claim.sale_line_id = sold_on or claim.sale_line_id

    @api.depends("sale_line_id", "invoice_line_id")
    def _compute_is_goods_claim(self):
        for claim in self:
            claim.is_goods_claim = bool(claim.sale_line_id or claim.invoice_line_id)

    @api.depends("quantity", "product_id", "lot_id", "sale_line_id", "invoice_line_id")
    @api.depends_context("lang")
    def _compute_claimed_goods(self):
        for claim in self:
            line = claim._purchase_line()
            if not line:
                claim.claimed_goods = False
                continue
            product = line.product_id
            document = line.order_id if claim.sale_line_id else line.move_id
            claim.claimed_goods = self.env._(
                "%(quantity)s %(uom)s %(product)s%(lot)s (%(document)s)",
                quantity=f"{claim.quantity:g}",
                uom=product.uom_id.name,
                product=product.display_name,
                lot=self.env._(", lot %s", claim.lot_id.sudo().name) if claim.lot_id else "",
                document=document.name,
            )

    def _purchase_line(self):
        """The line the goods were bought on: the order line, else the invoice line. Read
        as superuser: handling a claim does not need the rights of a salesman."""
        self.ensure_one()
        return (self.sale_line_id or self.invoice_line_id).sudo()

    @api.depends("sale_line_id", "invoice_line_id")
    def _compute_product_id(self):
        result = super()._compute_product_id()
        for claim in self.filtered(lambda c: not c.equipment_id):
            claim.product_id = claim._purchase_line().product_id
        return result

    @api.depends("sale_line_id", "invoice_line_id")
    def _compute_partner_id(self):
        result = super()._compute_partner_id()
        for claim in self.filtered(lambda c: not c.equipment_id and c._purchase_line()):
            line = claim.sale_line_id.sudo()
            buyer = (
                line.order_id.partner_id
                if line
                else claim.invoice_line_id.sudo().move_id.partner_id
            )
            if claim.partner_id.commercial_partner_id != buyer.commercial_partner_id:
                claim.partner_id = buyer
        return result

    @api.depends("sale_line_id", "invoice_line_id", "quantity")
    def _compute_unit_value(self):
        """What the customer paid for the quantity claimed: its share of the line's total
        before taxes (discounts included)."""
        result = super()._compute_unit_value()
        for claim in self.filtered(lambda c: not c.equipment_id and c._purchase_line()):
            line = claim._purchase_line()
            bought = line.product_uom_qty if claim.sale_line_id else line.quantity
            paid_each = line.price_subtotal / bought if bought else 0.0
            claim.unit_value = claim.currency_id.round(paid_each * claim.quantity)
        return result

    def _lots_delivered(self):
        """The lots the order line delivered to the customer."""
        self.ensure_one()
        return self.sale_line_id.sudo()._aftersales_lots_delivered()

    def _quantity_bought(self):
        """Delivered on the order line, else invoiced on the invoice line."""
        self.ensure_one()
        if self.sale_line_id:
            return self.sale_line_id.sudo().qty_delivered
        return self.invoice_line_id.sudo().quantity

    def _quantity_held_by_others(self, lot=None):
        """What the other claims on the line (of `lot`, when given) hold."""
        self.ensure_one()
        line_field = "sale_line_id" if self.sale_line_id else "invoice_line_id"
        domain = [
            (line_field, "=", self._purchase_line().id),
            ("state", "not in", RELEASED_STATES),
            ("id", "not in", self.ids),
        ]
        if lot:
            domain.append(("lot_id", "=", lot.id))
        return sum(self.sudo().search(domain).mapped("quantity"))

    def _quantity_delivered_of_lot(self):
        self.ensure_one()
        moves = self.sale_line_id.sudo().move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        lines = moves.move_line_ids.filtered(lambda line: line.lot_id == self.lot_id)
        return sum(lines.mapped("quantity"))

    @api.depends("sale_line_id", "invoice_line_id", "quantity", "state")
    def _compute_quantity_claimable(self):
        for claim in self:
            if claim._purchase_line():
                claim.quantity_claimable = (
                    claim._quantity_bought() - claim._quantity_held_by_others()
                )
            else:
                claim.quantity_claimable = 0.0

    @api.constrains(
        "equipment_id",
        "sale_line_id",
        "invoice_line_id",
        "quantity",
        "lot_id",
        "partner_id",
        "state",
    )
    def _check_goods_claimed(self):
        """The claim names a unit or a purchase line of this customer, and never more of the
        line than was bought less what other claims on it hold."""
        for claim in self:
            line = claim._purchase_line()
            if not claim.equipment_id and not line:
                raise ValidationError(
                    self.env._("A claim is for a unit, or for goods of an order or invoice line.")
                )
            if not line:
                if float_compare(claim.quantity, 1.0, precision_digits=6):
                    raise ValidationError(self.env._("A claim for a unit claims one unit."))
                if claim.lot_id != claim.equipment_id.lot_id:
                    raise ValidationError(
                        self.env._("A claim for a unit claims the serial number of the unit.")
                    )
                continue
            if claim.equipment_id:
                raise ValidationError(
                    self.env._("A claim is either for a unit or for goods of a line, not both.")
                )
            claim._check_line_is_customers(line)
            product = line.product_id
            if product.tracking == "serial":
                raise ValidationError(
                    self.env._(
                        "%s is tracked by serial number: claim the unit, not the line.",
                        product.display_name,
                    )
                )
            claim._check_lot(product)
            if claim.state in RELEASED_STATES:
                continue
            claim._serialize_claims_on_line(line)
            rounding = product.uom_id.rounding
            free = claim._quantity_bought() - claim._quantity_held_by_others()
            if float_compare(claim.quantity, free, precision_rounding=rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "Only %(free)s %(uom)s of %(product)s can still be claimed on this line "
                        "(%(bought)s bought, the rest already claimed); %(asked)s asked.",
                        free=f"{max(free, 0.0):g}",
                        uom=product.uom_id.name,
                        product=product.display_name,
                        bought=f"{claim._quantity_bought():g}",
                        asked=f"{claim.quantity:g}",
                    )
                )
            if claim.lot_id and claim.sale_line_id:
                free = claim._quantity_delivered_of_lot() - claim._quantity_held_by_others(
                    claim.lot_id
                )
                if float_compare(claim.quantity, free, precision_rounding=rounding) > 0:
                    raise ValidationError(
                        self.env._(
                            "Only %(free)s %(uom)s of lot %(lot)s can still be claimed on this "
                            "line; %(asked)s asked.",
                            free=f"{max(free, 0.0):g}",
                            uom=product.uom_id.name,
                            lot=claim.lot_id.name,
                            asked=f"{claim.quantity:g}",
                        )
                    )

    def _serialize_claims_on_line(self, line):
        """Two transactions claiming on the same line at once would each miss the other's
        claim. A no-op update of the line makes the second wait for the first, then fail to
        serialize: its request is retried and sees the first claim."""
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE id = %s",
                SQL.identifier(line._table),
                line.id,
            )
        )

    def _check_line_is_customers(self, line):
        if self.sale_line_id:
            buyer, document = (
                self.sale_line_id.sudo().order_id.partner_id,
                self.sale_line_id.sudo().order_id,
            )
        else:
            buyer, document = (
                self.invoice_line_id.sudo().move_id.partner_id,
                self.invoice_line_id.sudo().move_id,
            )
        invoice = self.invoice_line_id.sudo().move_id
        if invoice and (invoice.move_type != "out_invoice" or invoice.state != "posted"):
            raise ValidationError(
                self.env._("Goods are claimed on a posted customer invoice only.")
            )
        if buyer.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise ValidationError(
                self.env._(
                    "%(document)s was sold to %(buyer)s, not to %(customer)s.",
                    document=document.name,
                    buyer=buyer.commercial_partner_id.display_name,
                    customer=self.partner_id.display_name,
                )
            )
        if line.company_id != self.company_id:
            raise ValidationError(
                self.env._("The line claimed belongs to another company than the claim.")
            )

    def _check_lot(self, product):
        if product.tracking == "lot":
            if not self.lot_id:
                raise ValidationError(
                    self.env._(
                        "%s is tracked by lot: say which lot the goods claimed come from.",
                        product.display_name,
                    )
                )
            if self.lot_id.product_id != product or (
                self.sale_line_id and self.lot_id not in self._lots_delivered()
            ):
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s was not delivered with %(product)s on this line.",
                        lot=self.lot_id.name,
                        product=product.display_name,
                    )
                )
        elif self.lot_id:
            raise ValidationError(
                self.env._("%s is not tracked by lot: leave the lot empty.", product.display_name)
            )

    # ------------------------------------------------------------------
    # Cover: from the line's date, by the product's policy
    # ------------------------------------------------------------------
    @api.depends("sale_line_id", "invoice_line_id", "product_id")
    def _compute_policy_id(self):
        result = super()._compute_policy_id()
        for claim in self.filtered(lambda c: not c.equipment_id and c._purchase_line()):
            claim.policy_id = self.env["aftersales.warranty.policy"]._standard_policy_of(
                claim.product_id
            )
        return result

    @api.depends(
        "policy_id.clock_start",
        "policy_id.duration",
        "policy_id.duration_unit",
        "sale_line_id.move_ids.state",
        "sale_line_id.invoice_lines.parent_state",
        "invoice_line_id.move_id.invoice_date",
        "lot_id",
    )
    def _compute_purchase_cover(self):
        for claim in self:
            start = claim._purchase_line() and claim._goods_clock_start()
            claim.purchase_date = start or False
            claim.goods_cover_end = (
                claim.policy_id._end_date(start) if start and claim.policy_id else False
            )

    def _goods_clock_start(self):
        """The invoice date when the policy's clock starts at the invoice; else the delivery
        (of the lot, when there is one); the order or invoice date while nothing is
        delivered. Installation and registration do not happen to goods: delivery."""
        self.ensure_one()
        invoice = (
            self.invoice_line_id.sudo().move_id
            or self.sale_line_id.sudo()
            .invoice_lines.move_id.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
            .sorted("invoice_date")[:1]
        )
        if self.policy_id.clock_start == "invoice" and invoice.invoice_date:
            return invoice.invoice_date
        moves = self.sale_line_id.sudo().move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        if self.lot_id:
            moves = moves.filtered(lambda m: self.lot_id in m.move_line_ids.lot_id) or moves
        if moves:
            return min(fields.Date.context_today(self, move.date) for move in moves)
        if self.sale_line_id:
            return fields.Date.context_today(self, self.sale_line_id.sudo().order_id.date_order)
        return invoice.invoice_date

    def _goods_covered(self):
        self.ensure_one()
        return bool(
            self.policy_id
            and self.purchase_date
            and self.purchase_date <= self.failure_date <= self.goods_cover_end
        )

    def _cover(self):
        if not self.is_goods_claim:
            return super()._cover()
        if self._goods_covered():
            return self.policy_id, self.purchase_date
        return self.env["aftersales.warranty.policy"], None

    def _days_since_clock_start(self):
        if not self.is_goods_claim:
            return super()._days_since_clock_start()
        return max((self.failure_date - self.purchase_date).days, 0) if self.purchase_date else 0

    def _cover_end_before_failure(self):
        if not self.is_goods_claim:
            return super()._cover_end_before_failure()
        end = self.goods_cover_end
        return end if end and end < self.failure_date else False

    @api.depends("purchase_date", "goods_cover_end", "policy_id", "is_goods_claim")
    def _compute_coverage(self):
        return super()._compute_coverage()

    @api.constrains("failure_date", "purchase_date")
    def _check_failure_after_purchase(self):
        for claim in self.filtered(lambda c: c.is_goods_claim and c.purchase_date):
            if claim.failure_date < claim.purchase_date:
                raise ValidationError(
                    self.env._(
                        "The failure date %(failure)s is before the goods were bought "
                        "(%(bought)s).",
                        failure=claim.failure_date,
                        bought=claim.purchase_date,
                    )
                )

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _check_serial(self):
        if not self.is_goods_claim:
            return super()._check_serial()
        line = self._purchase_line()
        document = (
            self.sale_line_id.sudo().order_id.name or self.invoice_line_id.sudo().move_id.name
        )
        return {
            "check": "purchase",
            "result": "pass",
            "message": self.env._(
                "%(quantity)s of %(bought)s %(product)s%(lot)s bought on %(document)s (%(date)s).",
                quantity=self.quantity,
                bought=self._quantity_bought(),
                product=line.product_id.display_name,
                lot=f" ({self.lot_id.name})" if self.lot_id else "",
                document=document,
                date=self.purchase_date or "-",
            ),
        }

    def _check_cover(self):
        if not self.is_goods_claim or not self._goods_covered():
            return super()._check_cover()
        return {
            "check": "cover",
            "result": "pass",
            "message": self.env._(
                "%(policy)s covers the failure date (cover runs %(start)s to %(end)s).",
                policy=self.policy_id.name,
                start=self.purchase_date,
                end=self.goods_cover_end,
            ),
        }

    def _check_duplicate(self, others_open):
        """Several claims may share a line (a unit count per claim): the quantity constraint
        keeps them within what was bought."""
        if not self.is_goods_claim:
            return super()._check_duplicate(others_open)
        held = self._quantity_held_by_others()
        return {
            "check": "duplicate",
            "result": "warn" if held else "pass",
            "message": self.env._(
                "%(held)s of the %(bought)s bought are claimed by other claims on this line.",
                held=held,
                bought=self._quantity_bought(),
            ),
        }

    # ------------------------------------------------------------------
    # Execution: the quantity and the lot
    # ------------------------------------------------------------------
    def _free_serials_to_ship(self):
        """Goods are reserved by stock (lot by lot, oldest first) like any delivery."""
        return super(
            AftersalesClaim, self.filtered(lambda c: not c.is_goods_claim)
        )._free_serials_to_ship()

    def _picking_vals(self, picking_type, source, destination, lot=None, lot_location=None):
        vals = super()._picking_vals(picking_type, source, destination, lot, lot_location)
        if self.is_goods_claim:
            for command in vals["move_ids"]:
                move_vals = command[2]
                move_vals["product_uom_qty"] = self.quantity
                for line_command in move_vals.get("move_line_ids", []):
                    line_command[2]["quantity"] = self.quantity
        return vals

    def _repair_order_vals(self):
        vals = super()._repair_order_vals()
        if self.is_goods_claim:
            vals["product_qty"] = self.quantity
        return vals

    def _hand_over_replacement(self):
        """Goods have no unit in the installed base to hand over: the delivery is the
        replacement."""
        if not self.is_goods_claim:
            return super()._hand_over_replacement()
        return None

    def _original_invoice(self):
        if not self.is_goods_claim:
            return super()._original_invoice()
        invoices = (
            self.invoice_line_id.sudo().move_id or self.sale_line_id.sudo().invoice_lines.move_id
        )
        invoices = invoices.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "Claim %s cannot be refunded: the goods have no posted customer invoice.",
                    self.name,
                )
            )
        return invoices.sorted("invoice_date")[0]

    def _credit_note_vals(self):
        """For goods, the credit note credits the quantity claimed, at the pro-rata price of
        the invoice line."""
        vals = super()._credit_note_vals()
        if self.is_goods_claim:
            invoice = self._original_invoice()
            invoice_line = (
                self.invoice_line_id
                or invoice.invoice_line_ids.filtered(
                    lambda line: line.sale_line_ids & self.sale_line_id
                )[:1]
            )
            line_vals = vals["invoice_line_ids"][0][2]
            line_vals["quantity"] = self.quantity
            line_vals["price_unit"] = self._credited_amount() / self.quantity
            if invoice_line:
                line_vals["tax_ids"] = [Command.set(invoice_line.tax_ids.ids)]
        return vals

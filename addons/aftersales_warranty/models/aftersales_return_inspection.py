from odoo import Command, api, fields, models
from odoo.exceptions import UserError

FINDINGS = [
    ("fault_confirmed", "Fault Confirmed"),
    ("no_fault_found", "No Fault Found"),
    ("customer_damage", "Customer Damage"),
]
DISPOSITIONS = [
    ("refurbish", "Repair and Restock as Refurbished"),
    ("scrap", "Scrap"),
    ("return_vendor", "Return to Vendor"),
    ("restock", "Back to Sellable Stock"),
]
# what the inspector fills in before the disposition is applied; frozen after
INSPECTOR_FIELDS = {"finding", "disposition", "note", "check_ids", "scrap_reason_tag_ids"}


class AftersalesReturnInspection(models.Model):
    """One returned serial, lot or quantity: checked, given a finding and a disposition that
    moves it out of the returns location (restocked, refurbished, scrapped or sent back to
    the vendor). Applying the disposition locks the inspection and checks its state under the
    lock, so a double click moves the goods once."""

    _name = "aftersales.return.inspection"
    _description = "Return Inspection"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    claim_id = fields.Many2one(
        "aftersales.claim", required=True, index=True, check_company=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="claim_id.partner_id", string="Customer")
    warehouse_id = fields.Many2one(related="claim_id.warehouse_id")
    product_id = fields.Many2one("product.product", required=True, index=True)
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", check_company=True)
    # readable without an Inventory role, like the claim's serial
    lot_name = fields.Char(related="lot_id.name", string="Serial or Lot")
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")
    uom_id = fields.Many2one(related="product_id.uom_id")
    location_id = fields.Many2one(
        "stock.location",
        string="Waits In",
        required=True,
        check_company=True,
        help="Where the returned goods wait for their disposition.",
    )
    state = fields.Selection(
        [("to_inspect", "To Inspect"), ("done", "Done")],
        required=True,
        default="to_inspect",
        copy=False,
        tracking=True,
        index=True,
    )
    check_ids = fields.One2many(
        "aftersales.return.inspection.check",
        "inspection_id",
        string="Checklist",
        default=lambda self: self._default_checks(),
    )
    finding = fields.Selection(FINDINGS, tracking=True)
    disposition = fields.Selection(DISPOSITIONS, tracking=True)
    note = fields.Text(
        string="Findings and Reason", help="What was found; a scrap states its reason here."
    )
    scrap_reason_tag_ids = fields.Many2many("stock.scrap.reason.tag", string="Scrap Reasons")
    refurbished_product_id = fields.Many2one(related="product_id.aftersales_refurbished_product_id")
    recovery_line_id = fields.Many2one(
        "aftersales.recovery.line",
        compute="_compute_recovery_line_id",
        string="Vendor Recovery Line",
        help="The vendor recovery that asks for these goods back, with its deadline.",
    )
    vendor_deadline = fields.Date(compute="_compute_recovery_line_id")
    inspected_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    inspection_date = fields.Date(readonly=True, copy=False)
    picking_id = fields.Many2one(
        "stock.picking", string="Return to Vendor", readonly=True, copy=False
    )
    scrap_id = fields.Many2one("stock.scrap", readonly=True, copy=False)
    move_ids = fields.Many2many("stock.move", string="Stock Moves", readonly=True, copy=False)
    unit_cost = fields.Monetary(readonly=True, copy=False, help="The product's cost when decided.")
    scrap_cost = fields.Monetary(readonly=True, copy=False)
    refurbished_value = fields.Monetary(
        string="Refurbished Stock Value",
        readonly=True,
        copy=False,
        help="The cost of the refurbished goods put back in stock.",
    )
    nff_rate = fields.Float(
        string="No Fault Found (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="100 for an inspection that found no fault, else 0: its average is the rate.",
    )

    _positive_quantity = models.Constraint(
        "CHECK(quantity > 0)", "An inspected quantity must be positive."
    )

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            "claim_id",
            "product_id",
            "lot_id",
            "quantity",
            "location_id",
            "state",
            "inspected_by_id",
            "inspection_date",
            "picking_id",
            "scrap_id",
            "move_ids",
            "unit_cost",
            "scrap_cost",
            "refurbished_value",
            "nff_rate",
        }

    @api.model
    def _default_checks(self):
        return [
            Command.create({"sequence": sequence, "name": name})
            for sequence, name in enumerate(
                (
                    self.env._("Serial or lot matches the claim"),
                    self.env._("Accessories and packaging complete"),
                    self.env._("No physical or liquid damage"),
                    self.env._("Reported fault reproduced"),
                ),
                start=1,
            )
        ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("aftersales.return.inspection") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and INSPECTOR_FIELDS & vals.keys():
            done = self.filtered(lambda inspection: inspection.state == "done")
            if done:
                raise UserError(
                    self.env._(
                        "Inspection %s is done: its findings can no longer change.", done[0].name
                    )
                )
        return super().write(vals)

    @api.depends("claim_id.recovery_ids.line_ids.deadline", "product_id")
    def _compute_recovery_line_id(self):
        for inspection in self:
            lines = inspection.claim_id.recovery_ids.filtered(
                lambda recovery: recovery.state not in ("rejected", "cancel")
            ).line_ids
            line = lines.filtered(
                lambda line, product=inspection.product_id: (
                    line.send_back and line.product_id == product
                )
            )[:1]
            inspection.recovery_line_id = line
            inspection.vendor_deadline = line.deadline

    # ------------------------------------------------------------------
    # Applying the disposition
    # ------------------------------------------------------------------
    def action_apply_disposition(self):
        self._ensure_can_write()
        self.lock_for_update()
        self.invalidate_recordset()
        for inspection in self:
            inspection._ensure_can_apply()
        self.sudo()._apply_disposition()
        return True

    def _ensure_can_apply(self):
        self.ensure_one()
        if self.state != "to_inspect":
            raise UserError(self.env._("Inspection %s is already done.", self.name))
        if not (self.finding and self.disposition):
            raise UserError(
                self.env._("Give inspection %s its finding and its disposition.", self.name)
            )
        if self.disposition == "scrap" and not (self.note or "").strip():
            raise UserError(self.env._("Say why the goods of %s are scrapped.", self.name))
        if self.disposition == "refurbish" and not self.refurbished_product_id:
            raise UserError(
                self.env._(
                    "Set the refurbished version of %s (product form, After-Sales tab) first.",
                    self.product_id.display_name,
                )
            )
        if self.disposition == "return_vendor":
            line = self.recovery_line_id
            if not line:
                raise UserError(
                    self.env._(
                        "No vendor recovery of claim %(claim)s asks for %(product)s back: "
                        "propose one first.",
                        claim=self.claim_id.name,
                        product=self.product_id.display_name,
                    )
                )
            if line.deadline and line.deadline < fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "The vendor wanted the goods back by %s: scrap or restock them instead.",
                        line.deadline,
                    )
                )

    def _apply_disposition(self):
        for inspection in self:
            unit_cost = inspection.product_id.standard_price
            vals = {
                "state": "done",
                "inspected_by_id": self.env.uid,
                "inspection_date": fields.Date.context_today(self),
                "unit_cost": unit_cost,
                "nff_rate": 100.0 if inspection.finding == "no_fault_found" else 0.0,
            }
            vals.update(getattr(inspection, f"_dispose_{inspection.disposition}")())
            inspection._write_workflow(vals)
            inspection._report_to_claim()

    def _dispose_restock(self):
        move = self._move_done(
            self.product_id, self.lot_id, self.location_id, self.warehouse_id.lot_stock_id
        )
        return {"move_ids": [Command.set(move.ids)]}

    def _dispose_refurbish(self):
        """The returned goods leave as the product and come back into stock as its
        refurbished version, under the same serial or lot name."""
        refurbished = self.refurbished_product_id
        workshop = self.product_id.property_stock_production
        consumed = self._move_done(self.product_id, self.lot_id, self.location_id, workshop)
        lot = self.env["stock.lot"]
        if self.lot_id:
            lot = lot.search(
                [
                    ("product_id", "=", refurbished.id),
                    ("name", "=", self.lot_id.name),
                    ("company_id", "in", (self.company_id.id, False)),
                ],
                limit=1,
            ) or lot.create(
                {
                    "product_id": refurbished.id,
                    "name": self.lot_id.name,
                    "company_id": self.company_id.id,
                }
            )
        produced = self._move_done(refurbished, lot, workshop, self.warehouse_id.lot_stock_id)
        return {
            "move_ids": [Command.set((consumed | produced).ids)],
            "refurbished_value": self.quantity * refurbished.standard_price,
        }

    def _dispose_scrap(self):
        scrap = self.env["stock.scrap"].create(
            {
                "company_id": self.company_id.id,
                "product_id": self.product_id.id,
                "product_uom_id": self.product_id.uom_id.id,
                "lot_id": self.lot_id.id,
                "scrap_qty": self.quantity,
                "location_id": self.location_id.id,
                "origin": f"{self.claim_id.name} / {self.name}",
                "scrap_reason_tag_ids": [Command.set(self.scrap_reason_tag_ids.ids)],
            }
        )
        if scrap.action_validate() is not True:
            raise UserError(
                self.env._(
                    "%(location)s holds less than %(quantity)s of %(product)s to scrap.",
                    location=self.location_id.display_name,
                    quantity=self.quantity,
                    product=self.product_id.display_name,
                )
            )
        return {
            "scrap_id": scrap.id,
            "scrap_cost": self.quantity * self.product_id.standard_price,
        }

    def _dispose_return_vendor(self):
        """An outgoing picking to the vendor's return address, due by the vendor's deadline."""
        recovery = self.recovery_line_id.recovery_id
        address = recovery.return_partner_id or recovery.partner_id
        delivery_type = self.warehouse_id.out_type_id
        vendor_location = address.property_stock_supplier or self.env.ref(
            "stock.stock_location_suppliers"
        )
        move_vals = self._move_vals(self.product_id, self.lot_id, self.location_id, vendor_location)
        deadline = self.recovery_line_id.deadline
        if deadline:
            move_vals["date_deadline"] = deadline
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": delivery_type.id,
                "partner_id": address.id,
                "location_id": self.location_id.id,
                "location_dest_id": vendor_location.id,
                "origin": f"{recovery.name} / {self.name}",
                "note": recovery.return_instructions,
                "move_ids": [Command.create(move_vals)],
            }
        )
        picking.action_confirm()
        if not self.lot_id:
            picking.action_assign()
        return {"picking_id": picking.id}

    def _move_vals(self, product, lot, source, destination):
        vals = {
            "product_id": product.id,
            "product_uom_qty": self.quantity,
            "product_uom": product.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "origin": f"{self.claim_id.name} / {self.name}",
        }
        if lot:
            vals["move_line_ids"] = [
                Command.create(
                    {
                        "product_id": product.id,
                        "lot_id": lot.id,
                        "quantity": self.quantity,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                    }
                )
            ]
        return vals

    def _move_done(self, product, lot, source, destination):
        """Move the goods at once: the inspector moves them as they decide."""
        move = self.env["stock.move"].create(self._move_vals(product, lot, source, destination))
        move._action_confirm()
        if not lot:
            move.quantity = self.quantity
        move.picked = True
        move._action_done()
        return move

    def _report_to_claim(self):
        """The inspection's finding reaches the claim: "no fault found" becomes its outcome."""
        claim = self.claim_id
        labels = dict(self._fields["disposition"]._description_selection(self.env))
        findings = dict(self._fields["finding"]._description_selection(self.env))
        claim.message_post(
            body=self.env._(
                "Inspection %(inspection)s: %(finding)s, %(disposition)s.",
                inspection=self.name,
                finding=findings[self.finding],
                disposition=labels[self.disposition],
            )
        )
        if self.finding == "no_fault_found" and claim.state in ("in_progress", "done"):
            claim._write_workflow({"outcome": "no_fault_found"})


class AftersalesReturnInspectionCheck(models.Model):
    _name = "aftersales.return.inspection.check"
    _description = "Return Inspection Checklist Item"
    _order = "sequence, id"

    inspection_id = fields.Many2one(
        "aftersales.return.inspection", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="inspection_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    passed = fields.Boolean(string="OK")
    note = fields.Char()

    def write(self, vals):
        if not self.env.su and any(check.inspection_id.state == "done" for check in self):
            raise UserError(self.env._("The checklist of a done inspection can no longer change."))
        return super().write(vals)

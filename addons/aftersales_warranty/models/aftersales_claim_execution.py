from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..remedy import REMEDIES
from .stock_move_batch import stock_batch

# the documents carrying out a decision (other layers add theirs to the claim's DOCUMENT_FIELDS)
EXECUTION_DOCUMENTS = (
    "return_picking_id",
    "repair_id",
    "repaired_delivery_id",
    "replacement_picking_id",
    "credit_note_id",
)


class AftersalesClaim(models.Model):
    """Carrying out an approved decision: the documents it creates and what moves it on.

    ``action_execute`` locks the claim and checks its state after the lock, so a double click
    or two users executing at once create each document once. Downstream documents push the
    claim: a done repair, a delivered replacement, a posted credit note close it.

    An approver carries out what they approve without being a stock, repair or accounting
    user: once the approver and state guards have passed, the documents are made in
    superuser mode (which keeps the acting user as their author). The hooks of those
    documents push the claim in superuser mode too, whoever validates them.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="Where the faulty unit comes back to and replacements leave from.",
    )
    return_picking_id = fields.Many2one("stock.picking", string="Return Receipt", copy=False)
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", copy=False, index="btree_not_null"
    )
    # indexed: every validated delivery and posted credit note looks its claim up
    replacement_picking_id = fields.Many2one(
        "stock.picking", string="Replacement Delivery", copy=False, index="btree_not_null"
    )
    repaired_delivery_id = fields.Many2one(
        "stock.picking",
        string="Repaired Unit Delivery",
        copy=False,
        help="Sends the repaired unit back to the customer; made when the repair is done.",
    )
    replacement_equipment_id = fields.Many2one(
        "aftersales.equipment", string="Replacement Unit", copy=False, readonly=True
    )
    credit_note_id = fields.Many2one("account.move", copy=False, index="btree_not_null")

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            *self.DOCUMENT_FIELDS,
            "replacement_equipment_id",
            "days_in_repair",
        }

    DOCUMENT_FIELDS = EXECUTION_DOCUMENTS

    def action_open_document(self):
        """Open one of the claim's documents (the button says which in its context)."""
        self.ensure_one()
        field_name = self.env.context.get("document_field")
        if field_name not in self.DOCUMENT_FIELDS or not self[field_name]:
            raise UserError(self.env._("This claim has no such document."))
        return self[field_name]._get_records_action()

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        """Each company's first warehouse, one search per company rather than per claim."""
        first_warehouse = {}
        for claim in self:
            if claim.warehouse_id and claim.warehouse_id.company_id == claim.company_id:
                continue
            company = claim.company_id
            if company not in first_warehouse:
                first_warehouse[company] = self.env["stock.warehouse"].search(
                    [("company_id", "=", company.id)], limit=1
                )
            claim.warehouse_id = first_warehouse[company]

    def action_execute(self):
        self._ensure_approver()
        self._lock_and_refresh()
        self._ensure_state(("approved",), self.env._("executed"))
        self.sudo()._execute()
        return True

    def _execute(self):
        """Create every claim's documents, one batch per kind of document, so stock confirms
        and reserves all pickings of the batch in one pass; what stock does once per move
        (orderpoints, rules) is done once per batch (``stock_batch``)."""
        with stock_batch(self) as claims:
            claims._execute_documents()

    def _execute_documents(self):
        by_remedy = {
            remedy: self.filtered(lambda claim, r=remedy: claim._remedy() == r)
            for remedy in REMEDIES
        }
        credited = by_remedy["refund"] | by_remedy["price_reduction"]
        for claim in credited:
            claim._original_invoice()  # fail before any document is made
        # a price reduction leaves the goods with the customer: nothing comes back
        returned = (self - by_remedy["price_reduction"])._plan_returns()
        receipts = self._create_pickings([claim._return_receipt_vals() for claim in returned])
        for claim, receipt in zip(returned, receipts, strict=True):
            claim._write_workflow({"return_picking_id": receipt.id})
        repairs = by_remedy["repair"]
        repairs._create_repair_orders()
        repairs.equipment_id.state = "under_repair"
        replacements = by_remedy["replace"]
        serials = replacements._free_serials_to_ship()
        deliveries = self._create_pickings(
            [claim._replacement_delivery_vals(serials.get(claim)) for claim in replacements]
        )
        for claim, delivery in zip(replacements, deliveries, strict=True):
            claim._write_workflow({"replacement_picking_id": delivery.id})
        credited._create_credit_notes()
        self._write_workflow({"state": "in_progress"})
        # a note notifying no one, as message_post without subtype would post: one insert for
        # the batch instead of five queries per claim
        body = self.env._("Decision carried out: the documents are linked.")
        self._message_log_batch({claim.id: body for claim in self})

    def _plan_returns(self):
        """The claims whose goods come back (the returns layer waives some)."""
        return self

    def _create_pickings(self, vals_list):
        self._name_by_operation_type(vals_list)
        pickings = self.env["stock.picking"].create(vals_list)
        pickings.action_confirm()
        return pickings

    def _name_by_operation_type(self, vals_list):
        """Name the pickings or repair orders of `vals_list` from their operation type's
        sequence, as their create would, with one draw per type rather than one per
        document."""
        by_type = {}
        for vals in vals_list:
            if vals.get("picking_type_id"):
                by_type.setdefault(vals["picking_type_id"], []).append(vals)
        for type_id, type_vals in by_type.items():
            sequence = self.env["stock.picking.type"].browse(type_id).sequence_id
            if sequence:
                names = sequence._aftersales_next_batch(len(type_vals))
                for vals, name in zip(type_vals, names, strict=True):
                    vals["name"] = name

    def _free_serials_to_ship(self):
        """{claim: quant}: a free serial of each claim's product in its warehouse, oldest first,
        read in one query. Stock would otherwise reserve each delivery by reading every quant of
        the product, once per claim."""
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "in", self.product_id.ids),
                ("location_id", "child_of", self.warehouse_id.lot_stock_id.ids),
                ("lot_id", "!=", False),
                ("quantity", ">", 0),
            ],
            order="in_date, id",
        )
        free = [quant for quant in quants if quant.quantity - quant.reserved_quantity >= 1]
        serials = {}
        for claim in self:
            stock_path = claim.warehouse_id.lot_stock_id.parent_path
            quant = next(
                (
                    quant
                    for quant in free
                    if quant.product_id == claim.product_id
                    and quant.location_id.parent_path.startswith(stock_path)
                ),
                None,
            )
            if quant:
                free.remove(quant)
                serials[claim] = quant
        return serials

    def _picking_vals(self, picking_type, source, destination, lot=None, lot_location=None):
        move_vals = {
            "product_id": self.product_id.id,
            "product_uom_qty": 1.0,
            "product_uom": self.product_id.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
        }
        if lot:
            move_vals["move_line_ids"] = [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "lot_id": lot.id,
                        "quantity": 1.0,
                        "location_id": (lot_location or source).id,
                        "location_dest_id": destination.id,
                    }
                )
            ]
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "move_ids": [Command.create(move_vals)],
        }

    def _customer_location(self):
        return self.partner_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )

    def _return_receipt_vals(self):
        receipt_type = self.warehouse_id.in_type_id
        return self._picking_vals(
            receipt_type,
            self._customer_location(),
            receipt_type.default_location_dest_id,
            lot=self.lot_id,
        )

    def _replacement_delivery_vals(self, quant=None):
        """A delivery of a new unit, reserved on `quant`'s serial when one was found."""
        delivery_type = self.warehouse_id.out_type_id
        return self._picking_vals(
            delivery_type,
            delivery_type.default_location_src_id,
            self._customer_location(),
            lot=quant.lot_id if quant else None,
            lot_location=quant.location_id if quant else None,
        )

    def _repaired_delivery_vals(self):
        delivery_type = self.warehouse_id.out_type_id
        return self._picking_vals(
            delivery_type,
            self.repair_id.product_location_dest_id or delivery_type.default_location_src_id,
            self._customer_location(),
            lot=self.lot_id,
        )

    def _create_repair_orders(self):
        repairs = self.env["repair.order"].create(self._numbered_repair_vals())
        for claim, repair in zip(self, repairs, strict=True):
            claim._write_workflow({"repair_id": repair.id})
        repairs._action_repair_confirm()
        for repair in repairs.filtered(lambda r: not r.under_warranty and r.move_ids):
            repair.action_create_sale_order()  # the customer's share, quoted
        return repairs

    def _numbered_repair_vals(self):
        """The repair orders' values, numbered and given their stock reference as repair's
        create would, with one draw and one insert per batch instead of one of each per
        repair."""
        vals_list = [claim._repair_order_vals() for claim in self]
        self._name_by_operation_type(vals_list)
        named = [vals for vals in vals_list if vals.get("name")]
        references = self.env["stock.reference"].create([{"name": v["name"]} for v in named])
        for vals, reference in zip(named, references, strict=True):
            vals["reference_ids"] = [Command.link(reference.id)]
        return vals_list

    def _repair_order_vals(self):
        policy = self.policy_id
        fully_covered = not self.customer_share and policy.parts_coverage >= 100.0
        covered = 1.0 - self.customer_share / 100.0

        def customer_pays(coverage):
            """The share (%) the customer pays of a kind of cost covered at `coverage` %."""
            return 100.0 - coverage * covered

        return {
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "partner_id": self.partner_id.id,
            "picking_type_id": self.warehouse_id.repair_type_id.id,
            "picking_id": self.return_picking_id.id,
            "under_warranty": fully_covered or self.decision == "goodwill",
            "aftersales_parts_share": customer_pays(policy.parts_coverage),
            "aftersales_labour_share": customer_pays(policy.labour_coverage),
            "aftersales_travel_share": customer_pays(policy.travel_coverage),
            "repair_request": self.env._("Warranty claim %s", self.name),
            "internal_notes": self.description,
            "move_ids": [
                Command.create(
                    {
                        "repair_line_type": "add",
                        "product_id": part.product_id.id,
                        "product_uom_qty": part.quantity,
                    }
                )
                for part in self.part_ids
            ],
        }

    def _original_invoice(self):
        invoices = self.equipment_id.sale_line_id.invoice_lines.move_id.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "Claim %s cannot be refunded: the unit has no posted customer invoice.",
                    self.name,
                )
            )
        return invoices.sorted("invoice_date")[0]

    def _create_credit_notes(self):
        notes = self.env["account.move"].create([claim._credit_note_vals() for claim in self])
        for claim, note in zip(self, notes, strict=True):
            claim._write_workflow({"credit_note_id": note.id})
        return notes

    def _credited_amount(self):
        """What the credit note repays: the refund, or the approved price reduction."""
        self.ensure_one()
        if self._remedy() == "price_reduction":
            return self.price_reduction_amount
        return self.refund_amount

    def _credit_note_vals(self):
        invoice = self._original_invoice()
        invoice_line = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.product_id
        )[:1]
        return {
            "move_type": "out_refund",
            "partner_id": invoice.partner_id.id,
            "reversed_entry_id": invoice.id,
            "invoice_origin": self.name,
            "ref": self.env._("Warranty claim %s", self.name),
            "currency_id": invoice.currency_id.id,
            "journal_id": invoice.journal_id.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "quantity": 1.0,
                        "price_unit": self._credited_amount(),
                        "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                    }
                )
            ],
        }

    # ------------------------------------------------------------------
    # Pushed by downstream documents
    # ------------------------------------------------------------------
    def _on_repair_done(self):
        today = fields.Date.context_today(self)
        repaired = self.filtered(lambda c: c.state == "in_progress")
        for claim in repaired:
            claim._write_workflow({"days_in_repair": max((today - claim.intake_date).days, 0)})
            claim._extend_cover_after_repair()
        deliveries = self._create_pickings([claim._repaired_delivery_vals() for claim in repaired])
        for claim, delivery in zip(repaired, deliveries, strict=True):
            claim._write_workflow({"repaired_delivery_id": delivery.id})
        repaired.equipment_id.state = "in_service"
        for claim in repaired:
            claim._action_done(outcome=claim.outcome or "fixed")

    def _extend_cover_after_repair(self):
        """Time in repair off the clock, and the once-only repair extension, where the
        rule set says so."""
        warranty = self.warranty_id
        rule_set = warranty.policy_id.rule_set_id
        if not warranty:
            return
        values = {}
        if rule_set.exclude_repair_time and self.days_in_repair:
            values["excluded_days"] = warranty.excluded_days + self.days_in_repair
        extension_applies = not rule_set.repair_extension_from or (
            fields.Date.context_today(self) >= rule_set.repair_extension_from
        )
        if rule_set.repair_extension_months and extension_applies and not warranty.extension_months:
            values["extension_months"] = rule_set.repair_extension_months
        if values:
            warranty.sudo().write(values)

    def _on_replacement_delivered(self):
        for claim in self.filtered(lambda c: c.state == "in_progress"):
            claim._hand_over_replacement()
            claim._action_done(outcome="fixed")

    def _hand_over_replacement(self):
        """The delivered serial becomes the customer's unit; the old one is marked replaced
        and its cover either restarts on the new unit or carries over to it."""
        new_lot = self.replacement_picking_id.move_line_ids.lot_id[:1]
        Equipment = self.env["aftersales.equipment"].sudo()
        new_unit = Equipment.search(
            [("lot_id", "=", new_lot.id), ("company_id", "=", self.company_id.id)], limit=1
        )
        if new_lot and not new_unit:
            new_unit = Equipment.create(
                {
                    "product_id": self.product_id.id,
                    "lot_id": new_lot.id,
                    "company_id": self.company_id.id,
                    "partner_id": self.equipment_id.partner_id.id,
                    "site_partner_id": self.equipment_id.site_partner_id.id,
                    "delivery_date": fields.Date.context_today(self),
                }
            )
        old_cover = self.equipment_id.warranty_ids.filtered(lambda w: not w.voided)
        if new_unit and not self.warranty_id.policy_id.rule_set_id.replacement_restarts_warranty:
            # the new unit's own cover ends when the old one would have
            for warranty in new_unit.warranty_ids.filtered(lambda w: w.origin == "standard"):
                warranty.fixed_date_end = self.warranty_id.date_end
        old_cover.sudo().write(
            {"voided": True, "note": self.env._("Unit replaced under claim %s.", self.name)}
        )
        self.equipment_id.sudo().state = "replaced"
        self._write_workflow({"replacement_equipment_id": new_unit.id})

    def _on_credit_note_posted(self):
        for claim in self.filtered(lambda c: c.state == "in_progress"):
            claim._action_done(outcome="fixed")

    def _action_done(self, outcome):
        self._write_workflow(
            {"state": "done", "outcome": outcome, "done_date": fields.Date.context_today(self)}
        )
        self._remind_unreturned_loaner()
        self._send_step_mail("done")

    def action_mark_no_fault_found(self):
        """The technician found nothing wrong: the claim does not count as a repair attempt."""
        self._lock_and_refresh()
        self._ensure_state(("in_progress", "done"), self.env._("marked as no fault found"))
        self._write_workflow({"outcome": "no_fault_found"})
        return True

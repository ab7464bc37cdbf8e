from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

RECOVERY_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("partial", "Partially Accepted"),
    ("rejected", "Rejected"),
    ("settled", "Settled"),
    ("cancel", "Cancelled"),
]
ANSWERED_STATES = ("accepted", "partial", "rejected", "settled")


class AftersalesRecovery(models.Model):
    """What we claim back from a vendor for a warranty claim: the failed goods to send back,
    the parts at cost and the labour at the agreed rate; settled by a vendor credit note.

    draft -> sent -> accepted / partial (a draft vendor credit note for the accepted amount)
    or rejected; settled when that credit note is posted.
    """

    _name = "aftersales.recovery"
    _description = "Vendor Warranty Recovery"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    claim_id = fields.Many2one(
        "aftersales.claim", required=True, index=True, check_company=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        RECOVERY_STATES, required=True, default="draft", copy=False, tracking=True, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, copy=False)
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo", string="Vendor Terms", help="The terms the recovery relies on."
    )
    reimburses = fields.Selection(related="supplierinfo_id.aftersales_reimburses")
    return_partner_id = fields.Many2one("res.partner", string="Return Address")
    return_instructions = fields.Text()
    line_ids = fields.One2many("aftersales.recovery.line", "recovery_id", string="Goods", copy=True)
    parts_amount = fields.Monetary(compute="_compute_amounts", store=True)
    labour_hours = fields.Float(tracking=True)
    labour_rate = fields.Monetary(help="The vendor's agreed rate per hour.")
    labour_amount = fields.Monetary(compute="_compute_amounts", store=True)
    amount_claimed = fields.Monetary(compute="_compute_amounts", store=True, tracking=True)
    amount_accepted = fields.Monetary(tracking=True, copy=False)
    amount_settled = fields.Monetary(readonly=True, copy=False, tracking=True)
    vendor_note = fields.Text(string="Vendor Answer", copy=False)
    credit_note_id = fields.Many2one("account.move", string="Vendor Credit Note", copy=False)

    _positive_amounts = models.Constraint(
        "CHECK(labour_hours >= 0 AND labour_rate >= 0 AND amount_accepted >= 0)",
        "Hours, rates and accepted amounts cannot be negative.",
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "state", "amount_settled", "credit_note_id"}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.recovery") or "/"
        return super().create(vals_list)

    @api.depends("line_ids.amount", "labour_hours", "labour_rate", "supplierinfo_id")
    def _compute_amounts(self):
        for recovery in self:
            reimburses = recovery.supplierinfo_id.aftersales_reimburses or "both"
            recovery.parts_amount = (
                sum(recovery.line_ids.mapped("amount")) if reimburses != "labour" else 0.0
            )
            recovery.labour_amount = (
                recovery.labour_hours * recovery.labour_rate if reimburses != "parts" else 0.0
            )
            recovery.amount_claimed = recovery.parts_amount + recovery.labour_amount

    @api.constrains("amount_accepted", "amount_claimed")
    def _check_accepted(self):
        for recovery in self:
            if (
                recovery.currency_id.compare_amounts(
                    recovery.amount_accepted, recovery.amount_claimed
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Recovery %s: the vendor cannot accept more than we claim.", recovery.name
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(recovery.state not in ("draft", "cancel") for recovery in self):
            raise UserError(self.env._("Only draft or cancelled recoveries can be deleted."))

    # ------------------------------------------------------------------
    # Actions: each checks the state first
    # ------------------------------------------------------------------
    def _ensure_state(self, states):
        for recovery in self:
            if recovery.state not in states:
                raise UserError(
                    self.env._(
                        "Recovery %(recovery)s is %(state)s: this step does not apply.",
                        recovery=recovery.name,
                        state=dict(RECOVERY_STATES)[recovery.state],
                    )
                )

    def action_send(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("draft",))
        for recovery in self:
            if recovery.currency_id.is_zero(recovery.amount_claimed):
                raise UserError(self.env._("Recovery %s claims nothing.", recovery.name))
        self._write_workflow({"state": "sent"})

    def action_accept(self):
        """The vendor accepts the whole amount claimed."""
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("sent",))
        for recovery in self:
            recovery.amount_accepted = recovery.amount_claimed
        self._write_workflow({"state": "accepted"})
        self._create_credit_notes()

    def action_partial(self):
        """The vendor accepts part of the claim: the accepted amount is entered first."""
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("sent",))
        for recovery in self:
            if recovery.currency_id.is_zero(recovery.amount_accepted) or (
                recovery.currency_id.compare_amounts(
                    recovery.amount_accepted, recovery.amount_claimed
                )
                >= 0
            ):
                raise UserError(
                    self.env._(
                        "Recovery %s: enter the accepted amount, between nothing and the "
                        "amount claimed.",
                        recovery.name,
                    )
                )
        self._write_workflow({"state": "partial"})
        self._create_credit_notes()

    def action_reject(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("sent",))
        self._write_workflow({"state": "rejected", "amount_accepted": 0.0})

    def action_cancel(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("draft", "sent", "rejected"))
        self._write_workflow({"state": "cancel"})

    def action_reset_to_draft(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("cancel",))
        self._write_workflow({"state": "draft"})

    def action_open_credit_note(self):
        self.ensure_one()
        if not self.credit_note_id:
            raise UserError(self.env._("Recovery %s has no vendor credit note.", self.name))
        return self.credit_note_id._get_records_action()

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def _create_credit_notes(self):
        """A draft vendor credit note for the accepted amount (no taxes: the amount agreed)."""
        todo = self.filtered(lambda recovery: not recovery.credit_note_id)
        notes = self.env["account.move"].create([rec._credit_note_vals() for rec in todo])
        for recovery, note in zip(todo, notes, strict=True):
            recovery._write_workflow({"credit_note_id": note.id})
        return notes

    def _credit_note_vals(self):
        self.ensure_one()
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.name,
            "ref": self.env._(
                "Warranty recovery %(recovery)s (%(claim)s)",
                recovery=self.name,
                claim=self.claim_id.name,
            ),
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Warranty recovery %(recovery)s for claim %(claim)s",
                            recovery=self.name,
                            claim=self.claim_id.name,
                        ),
                        "quantity": 1.0,
                        "price_unit": self.amount_accepted,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _on_credit_note_posted(self):
        for recovery in self.filtered(lambda rec: rec.state in ("accepted", "partial")):
            recovery._write_workflow(
                {"state": "settled", "amount_settled": recovery.credit_note_id.amount_untaxed}
            )


class AftersalesRecoveryLine(models.Model):
    """A failed part or unit claimed back from the vendor."""

    _name = "aftersales.recovery.line"
    _description = "Vendor Recovery Line"
    _order = "recovery_id, id"

    recovery_id = fields.Many2one(
        "aftersales.recovery", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recovery_id.company_id", store=True)
    currency_id = fields.Many2one(related="recovery_id.currency_id")
    product_id = fields.Many2one("product.product", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit")
    unit_cost = fields.Monetary()
    amount = fields.Monetary(compute="_compute_amount", store=True)
    send_back = fields.Boolean(default=True, help="The vendor wants the failed goods back.")
    deadline = fields.Date(help="Send the goods back by this date.")

    @api.depends("quantity", "unit_cost")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.unit_cost

    @api.constrains("quantity", "unit_cost")
    def _check_positive(self):
        for line in self:
            if line.quantity <= 0 or line.unit_cost < 0:
                raise ValidationError(
                    self.env._("Quantities must be positive and costs cannot be negative.")
                )

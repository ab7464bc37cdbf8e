from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from . import aftersales_claim_loaner
from .ir_qweb import COMPILED_MAILS

RETURN_STATES = [
    ("none", "No Return"),
    ("expected", "Expected"),
    ("received", "Received"),
    ("waived", "Waived"),
    ("charged", "Charged"),
]
# the remedies that keep the customer's faulty goods: such a claim closes once they are back
KEPT_REMEDIES = ("replace", "refund")
DEFAULT_RETURN_DAYS = 30
REMINDER_INTERVAL_DAYS = 7
RETURN_REMINDER_TEMPLATE = "aftersales_warranty.mail_template_claim_return_overdue"


class AftersalesClaim(models.Model):
    """The faulty goods coming back: received in the warehouse's returns location (never in
    sellable stock), inspected there, and awaited before a replace or refund claim closes.

    The policy waives the return of low-value goods; a warranty manager may waive it with a
    reason. A return still expected after its due date is overdue: the customer is reminded
    every week, and an advance replacement whose unit never comes back is charged to them
    once the policy's delay has passed.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    return_state = fields.Selection(
        RETURN_STATES, compute="_compute_return_state", store=True, index=True
    )
    return_due_date = fields.Date(
        string="Return Due", copy=False, readonly=True, help="When the goods must be back."
    )
    return_received_date = fields.Date(copy=False, readonly=True)
    return_waived = fields.Boolean(copy=False, readonly=True)
    return_waiver_reason = fields.Text(string="Why the Return Is Waived", copy=False, readonly=True)
    return_waived_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    return_charge_date = fields.Date(
        string="Charged If Not Back By",
        copy=False,
        readonly=True,
        help="An advance replacement whose goods are not back by then is charged to the "
        "customer (the policy's delay after the due date).",
    )
    return_reminded_date = fields.Date(string="Customer Last Reminded", copy=False, readonly=True)
    return_overdue = fields.Boolean(
        compute="_compute_return_overdue", search="_search_return_overdue"
    )
    return_charge_invoice_id = fields.Many2one(
        "account.move",
        string="Unreturned Unit Invoice",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The customer's invoice for an advance replacement whose unit never came back.",
    )
    inspection_ids = fields.One2many(
        "aftersales.return.inspection", "claim_id", string="Return Inspections"
    )
    inspection_count = fields.Integer(compute="_compute_inspection_count")

    DOCUMENT_FIELDS = (
        *aftersales_claim_loaner.AftersalesClaim.DOCUMENT_FIELDS,
        "return_charge_invoice_id",
    )

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            "return_state",
            "return_due_date",
            "return_charge_date",
            "return_received_date",
            "return_waived",
            "return_waiver_reason",
            "return_waived_by_id",
            "return_reminded_date",
        }

    @api.depends(
        "return_picking_id", "return_received_date", "return_waived", "return_charge_invoice_id"
    )
    def _compute_return_state(self):
        for claim in self:
            if claim.return_charge_invoice_id:
                claim.return_state = "charged"
            elif claim.return_waived:
                claim.return_state = "waived"
            elif claim.return_received_date:
                claim.return_state = "received"
            elif claim.return_picking_id:
                claim.return_state = "expected"
            else:
                claim.return_state = "none"

    @api.depends("return_state", "return_due_date", "state")
    @api.depends_context("tz")
    def _compute_return_overdue(self):
        today = fields.Date.context_today(self)
        for claim in self:
            claim.return_overdue = (
                claim.return_state == "expected"
                and claim.state == "in_progress"
                and bool(claim.return_due_date and claim.return_due_date < today)
            )

    def _search_return_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue returns."))
        domain = [
            ("return_state", "=", "expected"),
            ("state", "=", "in_progress"),
            ("return_due_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain]

    def _compute_inspection_count(self):
        counts = dict(
            self.env["aftersales.return.inspection"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.inspection_count = counts.get(claim, 0)

    def action_open_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_return_inspections"
        )
        action["domain"] = [("claim_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Execution: where the goods go, whether they must come back
    # ------------------------------------------------------------------
    def _return_location(self):
        self.ensure_one()
        return self.warehouse_id.aftersales_return_location_id

    def _return_quantity(self):
        """How much comes back: the unit, or the quantity of goods claimed."""
        self.ensure_one()
        return self.quantity or 1.0

    def _plan_returns(self):
        """Waive the return of low-value goods the policy lets the customer keep, give the
        others their due date; returns the claims whose goods come back."""
        returning = super()._plan_returns()
        waived = returning.filtered(
            lambda claim: claim._remedy() in KEPT_REMEDIES and claim._policy_waives_return()
        )
        if waived:
            waived._write_workflow(
                {
                    "return_waived": True,
                    "return_waiver_reason": self.env._(
                        "Low-value goods: the policy lets the customer keep them."
                    ),
                }
            )
        returning -= waived
        today = fields.Date.context_today(self)
        for claim in returning:
            # the terms are kept on the claim: a replacement voids the cover they come from
            policy = claim.policy_id
            due = today + timedelta(days=policy.return_days if policy else DEFAULT_RETURN_DAYS)
            charge_date = False
            if claim._remedy() == "replace" and policy.return_charge_days:
                charge_date = due + timedelta(days=policy.return_charge_days)
            claim._write_workflow({"return_due_date": due, "return_charge_date": charge_date})
        return returning

    def _policy_waives_return(self):
        self.ensure_one()
        threshold = self.policy_id.return_waiver_value
        return bool(threshold) and self.unit_value <= threshold

    def _return_receipt_vals(self):
        """The goods come back to the returns location, not to sellable stock."""
        vals = super()._return_receipt_vals()
        location = self._return_location()
        if location:
            self._redirect_picking_vals(vals, location)
        return vals

    @api.model
    def _redirect_picking_vals(self, vals, destination):
        vals["location_dest_id"] = destination.id
        for move_command in vals.get("move_ids", []):
            move_vals = move_command[2]
            move_vals["location_dest_id"] = destination.id
            for line_command in move_vals.get("move_line_ids", []):
                line_command[2]["location_dest_id"] = destination.id

    def _repair_order_vals(self):
        """The unit is repaired where it was received and waits there to go back."""
        vals = super()._repair_order_vals()
        location = self._return_location()
        if location and self.return_picking_id:
            vals["product_location_src_id"] = location.id
            vals["product_location_dest_id"] = location.id
        return vals

    # ------------------------------------------------------------------
    # Return-gated closing
    # ------------------------------------------------------------------
    def _awaits_return(self):
        self.ensure_one()
        return self._remedy() in KEPT_REMEDIES and self.return_state == "expected"

    def _execution_settled(self):
        """The customer has what the decision gave them (the new unit, the credit note)."""
        self.ensure_one()
        remedy = self._remedy()
        if remedy == "replace":
            return self.replacement_picking_id.state == "done"
        if remedy == "refund":
            return self.credit_note_id.state == "posted"
        return False

    def _action_done(self, outcome):
        """A replace or refund claim closes only once its goods are back (or their return is
        waived or charged); an inspection's "no fault found" stays the outcome."""
        waiting = self.filtered(lambda claim: claim._awaits_return())
        for claim in waiting:
            claim.message_post(
                body=self.env._("Settled: the claim closes once the returned goods are received.")
            )
        closing = self - waiting
        no_fault = closing.filtered(lambda claim: claim.outcome == "no_fault_found")
        if no_fault:
            super(AftersalesClaim, no_fault)._action_done("no_fault_found")
        if closing - no_fault:
            super(AftersalesClaim, closing - no_fault)._action_done(outcome)
        return closing

    def _close_settled_returns(self):
        settled = self.filtered(
            lambda claim: (
                claim.state == "in_progress"
                and claim._remedy() in KEPT_REMEDIES
                and not claim._awaits_return()
                and claim._execution_settled()
            )
        )
        if settled:
            settled._action_done(outcome="fixed")

    def _on_return_received(self):
        """Pushed by the validated return receipt: the goods wait for their inspection, and a
        settled replace or refund claim closes."""
        received = self.filtered(lambda claim: not claim.return_received_date)
        if not received:
            return
        received._write_workflow({"return_received_date": fields.Date.context_today(self)})
        for claim in received:
            claim.message_post(
                body=self.env._(
                    "The returned goods are received in %s.",
                    claim.return_picking_id.location_dest_id.display_name,
                )
            )
        received.filtered(lambda claim: claim._remedy() in KEPT_REMEDIES)._create_inspections()
        received._close_settled_returns()

    @api.model
    def _backfill_received_returns(self):
        """Claims whose return receipt was validated before returns were followed: received
        on the day it was done (run on every update of the module, so it is idempotent)."""
        claims = self.sudo().search(
            [("return_received_date", "=", False), ("return_picking_id.state", "=", "done")]
        )
        for claim in claims:
            done = claim.return_picking_id.date_done
            claim._write_workflow({"return_received_date": done and done.date()})

    def _create_inspections(self):
        """One inspection per received serial, lot or quantity of the return receipt."""
        vals_list = [
            {
                "claim_id": claim.id,
                "product_id": line.product_id.id,
                "lot_id": line.lot_id.id,
                "quantity": line.quantity_product_uom,
                "location_id": line.location_dest_id.id,
            }
            for claim in self
            for line in claim.return_picking_id.move_ids.move_line_ids
            if line.quantity_product_uom > 0
        ]
        return self.env["aftersales.return.inspection"].create(vals_list)

    # ------------------------------------------------------------------
    # Waiving a return
    # ------------------------------------------------------------------
    def action_waive_return(self, reason):
        """A warranty manager lets the customer keep the goods, saying why."""
        self._lock_and_refresh()
        if not self.env.user.has_group("aftersales_warranty.group_warranty_manager"):
            raise AccessError(self.env._("Only warranty managers can waive a return."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the customer keeps the goods."))
        for claim in self:
            if claim.state != "in_progress" or not claim._awaits_return():
                raise UserError(
                    self.env._("Claim %s awaits no return that could be waived.", claim.name)
                )
        self.sudo()._waive_return(reason)
        return True

    def _waive_return(self, reason):
        self._write_workflow(
            {
                "return_waived": True,
                "return_waiver_reason": reason,
                "return_waived_by_id": self.env.uid,
            }
        )
        self._cancel_pending_returns()
        for claim in self:
            claim.message_post(
                body=self.env._("Return waived: %s", reason),
            )
        self._close_settled_returns()

    def _cancel_pending_returns(self):
        self.return_picking_id.filtered(
            lambda picking: picking.state not in ("done", "cancel")
        ).action_cancel()

    # ------------------------------------------------------------------
    # Overdue returns: reminders, and the charge of an unreturned advance replacement
    # ------------------------------------------------------------------
    @api.model
    def _cron_follow_up_overdue_returns(self):
        today = fields.Date.context_today(self)
        overdue = self.search([("return_overdue", "=", True)])
        to_charge = overdue.filtered(lambda claim: claim._return_charge_due(today))
        to_charge._charge_unreturned_goods()
        (overdue - to_charge).filtered(
            lambda claim: (
                not claim.return_reminded_date
                or claim.return_reminded_date <= today - timedelta(days=REMINDER_INTERVAL_DAYS)
            )
        )._remind_overdue_return()

    def _remind_overdue_return(self):
        """Record the reminder on each claim and enqueue the job that mails it (channel
        ``root.aftersales_mail``, like the claims' step mails): the cron writes only the job's
        row, and a run rolled back leaves neither the reminder date nor a mail."""
        claims = self.filtered("partner_id")
        if not claims or not self.env.ref(RETURN_REMINDER_TEMPLATE, raise_if_not_found=False):
            return
        claims._write_workflow({"return_reminded_date": fields.Date.context_today(self)})
        for claim in claims:
            claim.message_post(
                body=self.env._(
                    "The customer was reminded to send the goods back (due %s).",
                    claim.return_due_date,
                )
            )
        claims.with_delay(
            description=self.env._("Return reminders of %(count)s claim(s)", count=len(claims)),
        )._mail_return_reminder()

    @api.private
    def _mail_return_reminder(self):
        """The job: render and queue the reminder of each claim whose goods are still
        expected, in its customer's language; returns the mail.mail records."""
        template = self.env.ref(RETURN_REMINDER_TEMPLATE, raise_if_not_found=False)
        claims = (
            self.sudo()
            .exists()
            .filtered(lambda claim: claim.partner_id and claim.return_state == "expected")
        )
        if not template or not claims:
            return self.env["mail.mail"]
        template = template.sudo().with_context(**{COMPILED_MAILS: {}})
        return template.send_mail_batch(claims.ids, force_send=False)

    def _return_charge_due(self, today):
        self.ensure_one()
        return (
            bool(self.return_charge_date)
            and today >= self.return_charge_date
            and self.state == "in_progress"
            and self._remedy() == "replace"
            and self.replacement_picking_id.state == "done"
            and not self.return_charge_invoice_id
        )

    def _charge_unreturned_goods(self):
        """Invoice the customer the unit they kept after an advance replacement, at the price
        they paid; the claim then closes."""
        for claim in self:
            quantity = claim._return_quantity()
            invoice = (
                self.env["account.move"]
                .with_company(claim.company_id)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": claim.partner_id.id,
                        "invoice_origin": claim.name,
                        "ref": self.env._("Unit not returned under claim %s", claim.name),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": claim.product_id.id,
                                    "quantity": quantity,
                                    "price_unit": claim.unit_value / quantity,
                                }
                            )
                        ],
                    }
                )
            )
            invoice.action_post()
            claim._write_workflow({"return_charge_invoice_id": invoice.id})
            claim.message_post(
                body=self.env._(
                    "The goods were not back by %(date)s: invoice %(invoice)s charges the "
                    "customer for them.",
                    date=claim.return_charge_date,
                    invoice=invoice.name,
                )
            )
        self._cancel_pending_returns()
        self._close_settled_returns()

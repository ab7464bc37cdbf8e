from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .aftersales_claim import OPEN_STATES
from .aftersales_claim_execution import EXECUTION_DOCUMENTS

LOANER_STATES = [
    ("none", "No Loaner"),
    ("to_deliver", "To Deliver"),
    ("lent", "Lent"),
    ("returning", "Return Expected"),
    ("returned", "Returned"),
]


class AftersalesClaim(models.Model):
    """Loaners: a similar unit lent from the company's loaner location while the claim's unit
    is in service, where the rule set requires one (Vietnam: a similar product; China cars:
    a repair over 5 days). The loan and its return are stock pickings on the claim; a loaner
    still out once the claim ends, or past its due date, is overdue, and ending the claim
    reminds its handler."""

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    loaner_lot_id = fields.Many2one(
        "stock.lot",
        string="Loaner Serial",
        copy=False,
        readonly=True,
        help="The unit lent to the customer (a free serial of the loaner location).",
    )
    loaner_picking_id = fields.Many2one("stock.picking", string="Loaner Delivery", copy=False)
    loaner_return_picking_id = fields.Many2one("stock.picking", string="Loaner Return", copy=False)
    # not stored: a stored field depending on the pickings' state would make every picking
    # validation search the claims
    loaner_state = fields.Selection(
        LOANER_STATES, compute="_compute_loaner_state", search="_search_loaner_state"
    )
    loaner_due_date = fields.Date(
        string="Loaner Due Back",
        copy=False,
        help="When the loaner must be back; once the claim ends it is due at once.",
    )
    loaner_overdue = fields.Boolean(
        compute="_compute_loaner_overdue", search="_search_loaner_overdue"
    )

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            "loaner_lot_id",
            "loaner_picking_id",
            "loaner_return_picking_id",
            "loaner_state",
            "loaner_overdue",
        }

    DOCUMENT_FIELDS = (*EXECUTION_DOCUMENTS, "loaner_picking_id", "loaner_return_picking_id")

    @api.depends("loaner_picking_id.state", "loaner_return_picking_id.state")
    def _compute_loaner_state(self):
        for claim in self:
            lent, back = claim.loaner_picking_id, claim.loaner_return_picking_id
            if back.state == "done":
                claim.loaner_state = "returned"
            elif back and back.state != "cancel":
                claim.loaner_state = "returning"
            elif lent.state == "done":
                claim.loaner_state = "lent"
            elif lent and lent.state != "cancel":
                claim.loaner_state = "to_deliver"
            else:
                claim.loaner_state = "none"

    @api.model
    def _loaner_state_domain(self, state):
        lent, back = "loaner_picking_id", "loaner_return_picking_id"
        no_return = ["|", (back, "=", False), (f"{back}.state", "=", "cancel")]
        return {
            "none": ["|", (lent, "=", False), "&", (f"{lent}.state", "=", "cancel"), *no_return],
            "to_deliver": [
                (lent, "!=", False),
                (f"{lent}.state", "not in", ("done", "cancel")),
                *no_return,
            ],
            "lent": [(f"{lent}.state", "=", "done"), *no_return],
            "returning": [(back, "!=", False), (f"{back}.state", "not in", ("done", "cancel"))],
            "returned": [(f"{back}.state", "=", "done")],
        }[state]

    def _search_loaner_state(self, operator, value):
        values = [value] if isinstance(value, str) else list(value or [])
        if operator not in ("=", "in", "!=", "not in") or not all(
            v in dict(LOANER_STATES) for v in values
        ):
            raise UserError(self.env._("Unsupported search on the loaner state."))
        domain = Domain.OR(Domain(self._loaner_state_domain(v)) for v in values)
        return ~domain if operator in ("!=", "not in") else domain

    @api.depends("loaner_state", "loaner_due_date", "state")
    @api.depends_context("tz")
    def _compute_loaner_overdue(self):
        today = fields.Date.context_today(self)
        for claim in self:
            claim.loaner_overdue = claim.loaner_state in ("lent", "returning") and (
                claim.state not in OPEN_STATES
                or bool(claim.loaner_due_date and claim.loaner_due_date < today)
            )

    def _search_loaner_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue loaners."))
        today = fields.Date.context_today(self)
        domain = [
            ("loaner_state", "in", ("lent", "returning")),
            "|",
            ("state", "not in", OPEN_STATES),
            "&",
            ("loaner_due_date", "!=", False),
            ("loaner_due_date", "<", today),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    def _loaner_location(self):
        self.ensure_one()
        return self.company_id.aftersales_loaner_location_id

    def _ensure_can_lend(self):
        for claim in self:
            rule_set = claim.policy_id.rule_set_id
            if not (rule_set.loaner_after_days or claim.loaner_required):
                raise UserError(
                    self.env._("The rules of claim %s do not require a loaner.", claim.name)
                )
            if claim.loaner_state not in ("none", "returned"):
                raise UserError(self.env._("Claim %s already has a loaner out.", claim.name))
            if not claim._loaner_location():
                raise UserError(
                    self.env._(
                        "Set the loaner location of %s (company form, Warranty) first.",
                        claim.company_id.name,
                    )
                )

    def action_lend_loaner(self):
        """Deliver a free loaner unit of the claim's product from the loaner location."""
        self._lock_and_refresh()
        self._ensure_state(OPEN_STATES, self.env._("given a loaner"))
        self._ensure_can_lend()
        self.sudo()._lend_loaner()
        return True

    def _lend_loaner(self):
        for claim in self:
            location = claim._loaner_location()
            quant = self.env["stock.quant"].search(
                [
                    ("product_id", "=", claim.product_id.id),
                    ("location_id", "child_of", location.id),
                    ("lot_id", "!=", False),
                    ("quantity", ">", 0),
                ],
                order="in_date, id",
            )
            quant = quant.filtered(lambda q: q.quantity - q.reserved_quantity >= 1)[:1]
            if not quant:
                raise UserError(
                    self.env._(
                        "No loaner of %(product)s is free in %(location)s.",
                        product=claim.product_id.display_name,
                        location=location.display_name,
                    )
                )
            delivery_type = claim.warehouse_id.out_type_id
            vals = claim._picking_vals(
                delivery_type,
                location,
                claim._customer_location(),
                lot=quant.lot_id,
                lot_location=quant.location_id,
            )
            picking = claim._create_pickings([vals])
            claim._write_workflow(
                {
                    "loaner_lot_id": quant.lot_id.id,
                    "loaner_picking_id": picking.id,
                    "loaner_return_picking_id": False,
                }
            )
            claim.message_post(
                body=self.env._("Loaner %s is lent to the customer.", quant.lot_id.name)
            )

    def action_return_loaner(self):
        """The loaner comes back: a receipt from the customer to the loaner location."""
        self._lock_and_refresh()
        for claim in self:
            if claim.loaner_state != "lent":
                raise UserError(self.env._("Claim %s has no loaner at the customer's.", claim.name))
        self.sudo()._receive_loaner()
        return True

    def _receive_loaner(self):
        for claim in self:
            receipt_type = claim.warehouse_id.in_type_id
            vals = claim._picking_vals(
                receipt_type,
                claim._customer_location(),
                claim._loaner_location(),
                lot=claim.loaner_lot_id,
            )
            claim._write_workflow({"loaner_return_picking_id": claim._create_pickings([vals]).id})

    def _remind_unreturned_loaner(self):
        """The claim ends with its loaner still out: remind its handler."""
        for claim in self.filtered(lambda c: c.loaner_state in ("to_deliver", "lent", "returning")):
            claim.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(claim.user_id or self.env.user).id,
                summary=self.env._("Loaner not returned"),
                note=self.env._(
                    "Claim %(claim)s ended but loaner %(serial)s is still with the customer.",
                    claim=claim.name,
                    serial=claim.loaner_lot_id.name or "-",
                ),
            )

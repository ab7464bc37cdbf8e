from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesRegistration(models.Model):
    """A customer's product registration, usually made from the portal.

    A serial we delivered to that customer is matched to its unit at once (and the unit's
    registration date starts the cover of policies whose clock starts at registration). Any
    other serial of a known product waits as *pending* until the back office approves it
    (which creates the unit) or rejects it.
    """

    _name = "aftersales.registration"
    _description = "Product Registration"
    _inherit = ["mail.thread", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "serial"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    serial = fields.Char(string="Serial Number", required=True, index=True, tracking=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, domain=[("tracking", "=", "serial")]
    )
    purchase_date = fields.Date(required=True)
    seller = fields.Char(string="Bought From")
    registration_date = fields.Date(required=True, default=fields.Date.context_today)
    proof_attachment_id = fields.Many2one(
        "ir.attachment", string="Proof of Purchase", index="btree_not_null", copy=False
    )
    state = fields.Selection(
        [
            ("pending", "Pending Review"),
            ("matched", "Matched"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="pending",
        tracking=True,
        index=True,
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment", string="Unit", index="btree_not_null", copy=False, tracking=True
    )
    # for the back office only: a portal customer reads their registrations over RPC too
    note = fields.Text(string="Review Note", groups="aftersales_service.group_service_user")

    @api.model
    def _workflow_fields(self):
        return {"state", "equipment_id"}

    @api.model
    def _register_from_portal(self, vals):
        """Create a registration and match it to a unit we delivered to this customer.

        A serial that is ours but belongs to another customer stays pending: the portal
        says nothing about who owns it.
        """
        registration = self.create(vals)
        registration._match_delivered_unit()
        return registration

    def _match_delivered_unit(self):
        """Match the pending registrations to the units we delivered to their customer, with
        one search for the whole batch."""
        pending = self.filtered(lambda r: r.state == "pending")
        if not pending:
            return
        delivered = self._delivered_units(
            (r.serial, r.product_id, r.company_id, r.partner_id) for r in pending
        )
        matched = self.browse()
        for registration in pending:
            unit = delivered.get(
                self._delivery_key(
                    registration.serial,
                    registration.product_id,
                    registration.company_id,
                    registration.partner_id,
                )
            )
            if unit:
                registration._write_workflow({"state": "matched", "equipment_id": unit.id})
                matched |= registration
        matched._start_unit_registration()

    @api.model
    def _delivered_units(self, registrations):
        """{key: unit} of the units we delivered among `registrations`, an iterable of
        (serial, product, company, customer), keyed by ``_delivery_key``: one search for all
        (imports register thousands at once, and match them before creating them)."""
        registrations = list(registrations)
        if not registrations:
            return {}
        lots = self.env["stock.lot"]._search_exact_names({r[0].strip() for r in registrations})
        units = self.env["aftersales.equipment"].search_fetch(
            [
                ("lot_id", "in", lots),
                ("product_id", "in", list({r[1].id for r in registrations})),
                ("company_id", "in", list({r[2].id for r in registrations})),
            ],
            ["lot_id", "product_id", "company_id", "partner_id"],
        )
        return {
            self._delivery_key(
                unit.lot_id.name, unit.product_id, unit.company_id, unit.partner_id
            ): (unit)
            for unit in units
            if unit.partner_id
        }

    @api.model
    def _delivery_key(self, serial, product, company, partner):
        return (serial.strip(), product.id, company.id, partner.commercial_partner_id.id)

    def _start_unit_registration(self):
        """Date the units not registered yet, one write per registration date (an import
        matches thousands at once)."""
        units_of_date = defaultdict(lambda: self.env["aftersales.equipment"])
        dated = set()
        for registration in self:
            unit = registration.equipment_id
            if unit and not unit.registration_date and unit not in dated:
                units_of_date[registration.registration_date] |= unit
                dated.add(unit)
        for registration_date, units in units_of_date.items():
            units.registration_date = registration_date

    def action_approve(self):
        """Accept a serial bought elsewhere: it becomes a unit of the customer."""
        self.check_access("write")
        Lot = self.env["stock.lot"]
        Unit = self.env["aftersales.equipment"]
        for registration in self:
            if registration.state != "pending":
                raise UserError(self.env._("Only a pending registration can be approved."))
            serial = registration.serial.strip()
            lot = Lot.search(
                [
                    ("name", "=", serial),
                    ("product_id", "=", registration.product_id.id),
                    ("company_id", "in", [registration.company_id.id, False]),
                ],
                limit=1,
            )
            if lot and Unit.search_count([("lot_id", "=", lot.id)], limit=1):
                raise UserError(
                    self.env._("Serial number %s is already a unit of the installed base.", serial)
                )
            lot = lot or Lot.create(
                {
                    "name": serial,
                    "product_id": registration.product_id.id,
                    "company_id": registration.company_id.id,
                }
            )
            unit = Unit.create(
                {
                    "product_id": registration.product_id.id,
                    "lot_id": lot.id,
                    "company_id": registration.company_id.id,
                    "partner_id": registration.partner_id.commercial_partner_id.id,
                    "registration_date": registration.registration_date,
                }
            )
            registration._write_workflow({"state": "approved", "equipment_id": unit.id})
        return True

    def action_reject(self):
        self.check_access("write")
        if self.filtered(lambda r: r.state != "pending"):
            raise UserError(self.env._("Only a pending registration can be rejected."))
        self._write_workflow({"state": "rejected"})
        return True

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

UNIT_FIELDS = {"equipment_id", "lot_id", "product_id"}
VISIT_TYPE_OF_REQUEST = {
    "installation": "installation",
    "maintenance": "maintenance",
    "technical_guidance": "training",
    "repair": "repair",
    "warranty_claim": "repair",
    "complaint": "follow_up",
}


class HelpdeskTicket(models.Model):
    """A helpdesk ticket is a service request: about a unit, a serial or a product."""

    _inherit = "helpdesk.ticket"

    request_type = fields.Selection(
        [
            ("installation", "Installation"),
            ("technical_guidance", "Technical Guidance"),
            ("maintenance", "Maintenance"),
            ("repair", "Repair"),
            ("complaint", "Complaint"),
            ("warranty_claim", "Warranty Claim"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Unit",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The installed unit this request is about.",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        compute="_compute_unit_fields",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Picking a serial number fills in its unit, product and owner.",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_unit_fields",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    aftersales_strategy_id = fields.Many2one(
        related="product_id.product_tmpl_id.aftersales_strategy_id",
        string="Service Strategy",
        store=True,
    )
    unit_ticket_ids = fields.One2many(
        related="equipment_id.ticket_ids", string="Requests on this Unit"
    )
    visit_ids = fields.One2many("aftersales.visit", "ticket_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")

    def _compute_display_name(self):
        result = super()._compute_display_name()
        # a request being created has neither number ("/") nor subject yet: "/ - False" otherwise
        for ticket in self.filtered(lambda ticket: not ticket.name):
            ticket.display_name = ticket.number if ticket.number not in (False, "/") else False
        return result

    def _compute_visit_count(self):
        # sudo: a helpdesk user without after-sales rights sees how many visits the request
        # led to (the button opening them is for service users only).
        counts = dict(
            self.env["aftersales.visit"]
            .sudo()
            ._read_group([("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"])
        )
        for ticket in self:
            ticket.visit_count = counts.get(ticket, 0)

    @api.depends("equipment_id")
    def _compute_unit_fields(self):
        for ticket in self.filtered("equipment_id"):
            ticket.lot_id = ticket.equipment_id.lot_id
            ticket.product_id = ticket.equipment_id.product_id

    # In the form, what `_fill_from_unit` does for RPC callers, as soon as a field is picked.
    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and self.lot_id != self.equipment_id.lot_id:
            self._update_from_unit({"lot_id": self.lot_id.id})

    @api.onchange("equipment_id")
    def _onchange_equipment_id(self):
        if self.equipment_id:
            self._update_from_unit({"equipment_id": self.equipment_id.id})

    def _update_from_unit(self, vals):
        self._fill_from_unit(vals)
        self.update(vals)

    def _unit_of_serial(self, lot):
        # sudo: whoever may write the request may name its serial, without rights on units.
        return (
            self.env["aftersales.equipment"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("company_id", "in", (lot.company_id or self.env.company).ids),
                ],
                limit=1,
            )
        )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        if "team_id" in fields and not values.get("team_id"):
            values["team_id"] = self._default_team().id
        return values

    @api.model
    def _default_team(self):
        """The team a new request goes to, so its SLA deadlines show: the creating user's
        first team in the company, or else the company's only team."""
        company = self.env.company
        # sudo: whoever files a request (a portal customer too) gets the team, reading no more
        teams = self.env.user.sudo().helpdesk_team_ids.filtered(
            lambda team: team.company_id in (company, self.env["res.company"])
        )
        if not teams:
            teams = (
                self.env["helpdesk.ticket.team"]
                .sudo()
                .search([("company_id", "in", [False, company.id])], limit=2)
            )
            teams = teams if len(teams) == 1 else teams.browse()
        return teams[:1]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._fill_from_unit(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._fill_from_unit(vals)
        open_tickets = (
            self.filtered(lambda ticket: not ticket.closed) if "stage_id" in vals else None
        )
        result = super().write(vals)
        closed_tickets = open_tickets.filtered("closed") if open_tickets else None
        if closed_tickets:
            # sudo: closing a request is a helpdesk right; the follow-ups it plans are ours.
            self.env["aftersales.followup"].sudo()._schedule_after_closing(closed_tickets)
        if UNIT_FIELDS & set(vals):
            # The product's strategy may bring another SLA policy.
            for ticket in self.filtered("team_id.use_sla"):
                ticket.refresh_sla()
        return result

    @api.model
    def _fill_from_unit(self, vals):
        """A caller giving only a serial or a unit (RPC, import, portal) gets the rest too."""
        if vals.get("lot_id") and not vals.get("equipment_id"):
            lot = self.env["stock.lot"].browse(vals["lot_id"])
            unit = self._unit_of_serial(lot)
            if not unit:
                # a serial with no unit (sold elsewhere, not yet registered): no unit either
                vals["equipment_id"] = False
                vals.setdefault("product_id", lot.product_id.id)
                return
            vals["equipment_id"] = unit.id
        if not vals.get("equipment_id"):
            return
        # sudo: the unit's serial, product and owner are copied onto the request, whose
        # writer may have no rights on units.
        unit = self.env["aftersales.equipment"].sudo().browse(vals["equipment_id"])
        vals.setdefault("lot_id", unit.lot_id.id)
        vals.setdefault("product_id", unit.product_id.id)
        if not vals.get("partner_id") and unit.partner_id and not self.partner_id:
            vals["partner_id"] = unit.partner_id.id

    @api.constrains("equipment_id", "lot_id", "product_id")
    def _check_unit_fields_agree(self):
        for ticket in self:
            unit = ticket.equipment_id
            if unit and (ticket.lot_id != unit.lot_id or ticket.product_id != unit.product_id):
                raise ValidationError(
                    self.env._(
                        "Request %(request)s names unit %(unit)s but serial %(serial)s of "
                        "product %(product)s.",
                        request=ticket.display_name,
                        unit=unit.display_name,
                        serial=ticket.lot_id.name or "-",
                        product=ticket.product_id.display_name or "-",
                    )
                )
            if (
                ticket.lot_id
                and ticket.product_id
                and ticket.lot_id.product_id != ticket.product_id
            ):
                raise ValidationError(
                    self.env._(
                        "Serial number %(serial)s is not a serial of %(product)s.",
                        serial=ticket.lot_id.name,
                        product=ticket.product_id.display_name,
                    )
                )

    def _get_sla_ticket_domain(self):
        """SLA policies tied to service strategies apply to requests on those products only."""
        domain = super()._get_sla_ticket_domain()
        strategy_domain = Domain("aftersales_strategy_ids", "=", False)
        if self.aftersales_strategy_id:
            strategy_domain |= Domain(
                "aftersales_strategy_ids", "in", self.aftersales_strategy_id.ids
            )
        return Domain.AND([domain, strategy_domain])

    def action_plan_visit(self):
        """Open a new visit for this request, its unit and customer filled in."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.visit",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_ticket_id": self.id,
                "default_equipment_id": self.equipment_id.id,
                "default_visit_type": VISIT_TYPE_OF_REQUEST.get(self.request_type, "repair"),
            },
        }

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_visits")
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

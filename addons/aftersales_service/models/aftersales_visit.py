from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

VISIT_TYPES = [
    ("installation", "Installation"),
    ("commissioning", "Commissioning"),
    ("maintenance", "Maintenance"),
    ("repair", "Repair"),
    ("follow_up", "Follow-up"),
    ("training", "Training"),
]


class AftersalesVisit(models.Model):
    """An on-site intervention by a technician, with the parts it used."""

    _name = "aftersales.visit"
    _description = "Service Visit"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "planned_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    visit_type = fields.Selection(VISIT_TYPES, required=True, default="repair", tracking=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment", string="Unit", index="btree_not_null", check_company=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Service Request", index="btree_not_null", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Site Address",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    technician_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    calendar_label = fields.Char(
        compute="_compute_calendar_label",
        help="What the calendar shows of the visit: customer, unit and type.",
    )
    planned_start = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    planned_end = fields.Datetime(tracking=True)
    actual_start = fields.Datetime(readonly=True, copy=False)
    actual_end = fields.Datetime(readonly=True, copy=False)
    duration = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration",
        store=True,
        help="Actual time on site once the visit is done, planned time before.",
    )
    report = fields.Html(string="Outcome Report")
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False, readonly=True)
    location_id = fields.Many2one(
        "stock.location",
        string="Parts From",
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain=[("usage", "=", "internal")],
        help="The service or technician location the parts used on site are taken from.",
    )
    part_line_ids = fields.One2many("aftersales.visit.part", "visit_id", string="Parts")
    move_ids = fields.One2many("stock.move", "aftersales_visit_id", string="Stock Moves")
    maintenance_plan_id = fields.Many2one(
        "aftersales.maintenance.plan", index="btree_not_null", readonly=True, copy=False
    )

    @api.model
    def _default_location(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        return warehouse.lot_stock_id

    @api.depends("technician_id", "company_id")
    def _compute_location_id(self):
        """The technician's van; without one, the location chosen or the first warehouse's
        stock."""
        Technician = self.env["aftersales.technician"]
        for visit in self:
            if visit.state in ("done", "cancelled") and visit.location_id:
                continue  # its parts left that location: keep the record true
            company = visit.company_id or self.env.company
            van = Technician._for_user(visit.technician_id, company).location_id
            if van:
                visit.location_id = van
            elif not visit.location_id:
                visit.location_id = visit.with_company(company)._default_location()

    @api.depends("partner_id", "equipment_id", "visit_type")
    @api.depends_context("lang")
    def _compute_calendar_label(self):
        types = dict(self._fields["visit_type"]._description_selection(self.env))
        for visit in self:
            parts = (
                visit.partner_id.commercial_partner_id.name,
                visit.equipment_id.lot_id.name or visit.equipment_id.display_name,
                types.get(visit.visit_type),
            )
            visit.calendar_label = " · ".join(part for part in parts if part) or visit.name

    @api.depends("equipment_id", "ticket_id")
    def _compute_partner_id(self):
        for visit in self:
            source = visit.equipment_id or visit.ticket_id
            if source.partner_id:
                visit.partner_id = source.partner_id
            if visit.equipment_id.site_partner_id:
                visit.site_partner_id = visit.equipment_id.site_partner_id

    @api.depends("planned_start", "planned_end", "actual_start", "actual_end")
    def _compute_duration(self):
        for visit in self:
            start, end = visit.actual_start, visit.actual_end
            if not (start and end):
                start, end = visit.planned_start, visit.planned_end
            visit.duration = (end - start).total_seconds() / 3600 if start and end else 0.0

    @api.constrains("planned_start", "planned_end")
    def _check_planned_times(self):
        for visit in self:
            if visit.planned_end and visit.planned_end < visit.planned_start:
                raise ValidationError(
                    self.env._("Visit %(visit)s ends before it starts.", visit=visit.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.visit")
            self._stamp_signature(vals)
        return super().create(vals_list)

    def _ensure_state(self, allowed, action):
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for visit in self:
            if visit.state not in allowed:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is %(state)s: it cannot be %(action)s.",
                        visit=visit.name,
                        state=state_labels[visit.state],
                        action=action,
                    )
                )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "state", "actual_start", "actual_end"}

    def action_start(self):
        self._ensure_can_write()
        self._ensure_state(("planned",), self.env._("started"))
        self._write_workflow({"state": "in_progress", "actual_start": fields.Datetime.now()})

    def action_done(self):
        """Close the visit: consume its parts from stock, record installation on the unit.

        Locks the visits first, so a double click or two users closing the same visit
        consume the parts once.
        """
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("planned", "in_progress"), self.env._("closed"))
        now = fields.Datetime.now()
        for visit in self:
            visit._write_workflow(
                {"state": "done", "actual_start": visit.actual_start or now, "actual_end": now}
            )
        self.sudo()._release_part_reservations()
        self.part_line_ids._consume()
        # sudo: a technician closing their visit records it on the unit and its follow-ups,
        # which only service users may change otherwise
        self.sudo().filtered(lambda v: v.visit_type == "installation")._record_installation()
        followups = self.env["aftersales.followup"].sudo().search([("visit_id", "in", self.ids)])
        followups.action_done()

    def action_cancel(self):
        self._ensure_can_write()
        self._ensure_state(("planned", "in_progress"), self.env._("cancelled"))
        self._write_workflow({"state": "cancelled"})
        self.sudo()._release_part_reservations()

    def action_reset_to_planned(self):
        self._ensure_can_write()
        self._ensure_state(("cancelled",), self.env._("planned again"))
        self._write_workflow({"state": "planned"})

    def _record_installation(self):
        for visit in self.filtered("equipment_id"):
            unit = visit.equipment_id
            unit.write(
                {
                    "installation_date": fields.Date.context_today(visit, visit.actual_end),
                    "installer_id": visit.technician_id.partner_id.id,
                }
            )
        self.env["aftersales.followup"]._schedule_after_installation(self.equipment_id)

    def write(self, vals):
        self._stamp_signature(vals)
        return super().write(vals)

    @api.model
    def _stamp_signature(self, vals):
        if vals.get("signature") and "signed_on" not in vals:
            vals["signed_on"] = fields.Datetime.now()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(visit.state == "done" for visit in self):
            raise UserError(self.env._("A done visit is part of the unit's history: keep it."))

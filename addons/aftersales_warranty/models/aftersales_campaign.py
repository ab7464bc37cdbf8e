from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

CAMPAIGN_TYPES = [
    ("safety_recall", "Safety Recall"),
    ("service", "Service Campaign"),
    ("software_update", "Software or Firmware Update"),
    ("inspection", "Inspection"),
]
CAMPAIGN_REMEDIES = [
    ("inspection", "Inspection"),
    ("repair", "Repair"),
    ("replacement", "Replacement"),
    ("refund", "Refund"),
]
CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("active", "Running"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class AftersalesCampaign(models.Model):
    """A recall or service campaign: the units it reaches are those of the installed base
    matching its products and range; it is free of charge and has its own budget.

    draft -> active (units listed, affected stock quarantined, owners notified) -> closed.
    """

    _name = "aftersales.campaign"
    _description = "Recall or Service Campaign"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, default="/", index="trigram")
    campaign_type = fields.Selection(
        CAMPAIGN_TYPES, string="Type", required=True, default="safety_recall", tracking=True
    )
    state = fields.Selection(
        CAMPAIGN_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        required=True,
        check_company=True,
        domain=[("tracking", "=", "serial")],
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Serial Numbers",
        check_company=True,
        domain="[('product_id', 'in', product_ids)]",
        help="An explicit list of affected serial numbers; leave empty to use the range.",
    )
    serial_from = fields.Char(
        string="Serials From",
        help="First affected serial number; serials compare as text, so give them the same "
        "length (SN-00100 to SN-00199).",
    )
    serial_to = fields.Char(string="Serials To", help="Last affected serial number, included.")
    delivery_date_from = fields.Date(string="Delivered From")
    delivery_date_to = fields.Date(string="Delivered To")
    remedy = fields.Selection(CAMPAIGN_REMEDIES, required=True, default="repair", tracking=True)
    remedy_part_ids = fields.Many2many(
        "product.product",
        "aftersales_campaign_remedy_part_rel",
        "campaign_id",
        "product_id",
        string="Remedy Parts",
        help="The parts a repair fits on each unit.",
    )
    remedy_labour_hours = fields.Float(string="Labour per Unit (hours)")
    labour_rate = fields.Monetary(
        string="Labour Cost per Hour", help="What an hour of our technicians costs the campaign."
    )
    vendor_id = fields.Many2one(
        "res.partner",
        string="Vendor of the Defective Part",
        help="The supplier the campaign's cost is recovered from.",
    )
    budget = fields.Monetary(tracking=True)
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End", tracking=True)
    regulator_reference = fields.Char(tracking=True)
    letter = fields.Html(
        string="Customer Letter",
        translate=True,
        sanitize_style=True,
        help="The notice sent to every owner, in their language (switch the language to "
        "translate it).",
    )
    reminder_interval_days = fields.Integer(
        string="Remind Every (days)", default=14, help="0: never remind."
    )
    reminder_max = fields.Integer(
        string="Reminders",
        default=3,
        help="Owners who have not booked after this many reminders are listed as unreachable.",
    )
    unit_ids = fields.One2many("aftersales.campaign.unit", "campaign_id", string="Affected Units")
    unit_count = fields.Integer(compute="_compute_progress", string="Affected")
    remedied_count = fields.Integer(compute="_compute_progress", string="Remedied")
    open_count = fields.Integer(compute="_compute_progress", string="Still Open")
    unreachable_count = fields.Integer(compute="_compute_progress", string="Unreachable")
    completion_rate = fields.Float(compute="_compute_progress", string="Completion (%)")
    cost = fields.Monetary(compute="_compute_progress", string="Cost to Date")
    budget_used = fields.Float(compute="_compute_progress", string="Budget Used (%)")

    _reference_unique = models.UniqueIndex(
        "(reference, company_id) WHERE reference != '/'", "A campaign reference is unique."
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "state", "reference"}

    @api.constrains("serial_from", "serial_to", "delivery_date_from", "delivery_date_to")
    def _check_ranges(self):
        for campaign in self:
            if (
                campaign.serial_from
                and campaign.serial_to
                and campaign.serial_from > campaign.serial_to
            ):
                raise ValidationError(
                    self.env._(
                        "Campaign %s: the serial range ends before it starts.", campaign.name
                    )
                )
            if (
                campaign.delivery_date_from
                and campaign.delivery_date_to
                and campaign.delivery_date_from > campaign.delivery_date_to
            ):
                raise ValidationError(
                    self.env._(
                        "Campaign %s: the delivery window ends before it starts.", campaign.name
                    )
                )

    @api.constrains("budget", "labour_rate", "remedy_labour_hours", "reminder_max")
    def _check_positive(self):
        for campaign in self:
            if (
                min(
                    campaign.budget,
                    campaign.labour_rate,
                    campaign.remedy_labour_hours,
                    campaign.reminder_max,
                    campaign.reminder_interval_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Campaign %s: amounts, hours and reminders cannot be negative.",
                        campaign.name,
                    )
                )

    def _compute_progress(self):
        groups = self.env["aftersales.campaign.unit"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count", "cost:sum"]
        )
        counts = {}
        for campaign, state, count, cost in groups:
            figures = counts.setdefault(campaign, {"cost": 0.0})
            figures[state] = count
            figures["cost"] += cost
        for campaign in self:
            figures = counts.get(campaign, {"cost": 0.0})
            affected = sum(v for k, v in figures.items() if k not in ("cost", "cancelled"))
            remedied = figures.get("remedied", 0)
            campaign.unit_count = affected
            campaign.remedied_count = remedied
            campaign.unreachable_count = figures.get("unreachable", 0)
            campaign.open_count = affected - remedied
            campaign.completion_rate = 100.0 * remedied / affected if affected else 0.0
            campaign.cost = figures["cost"]
            campaign.budget_used = (
                100.0 * figures["cost"] / campaign.budget if campaign.budget else 0.0
            )

    # ------------------------------------------------------------------
    # Affected units
    # ------------------------------------------------------------------
    def _affected_lot_conditions(self, lot_alias):
        """SQL conditions on stock_lot `lot_alias` for the campaign's products and range."""
        self.ensure_one()
        conditions = [
            SQL("%s.product_id = ANY(%s)", SQL.identifier(lot_alias), self.product_ids.ids),
            SQL(
                "(%s.company_id = %s OR %s.company_id IS NULL)",
                SQL.identifier(lot_alias),
                self.company_id.id,
                SQL.identifier(lot_alias),
            ),
        ]
        if self.lot_ids:
            conditions.append(SQL("%s.id = ANY(%s)", SQL.identifier(lot_alias), self.lot_ids.ids))
        if self.serial_from:
            conditions.append(SQL("%s.name >= %s", SQL.identifier(lot_alias), self.serial_from))
        if self.serial_to:
            conditions.append(SQL("%s.name <= %s", SQL.identifier(lot_alias), self.serial_to))
        return conditions

    def _affected_unit_conditions(self):
        self.ensure_one()
        conditions = [
            *self._affected_lot_conditions("lot"),
            SQL("unit.active"),
            SQL("unit.state != 'retired'"),
            SQL("unit.company_id = %s", self.company_id.id),
        ]
        if self.delivery_date_from:
            conditions.append(SQL("unit.delivery_date >= %s", self.delivery_date_from))
        if self.delivery_date_to:
            conditions.append(SQL("unit.delivery_date <= %s", self.delivery_date_to))
        return SQL(" AND ").join(conditions)

    def action_compute_units(self):
        """List the affected units again: a draft campaign starts over, a running one adds
        the units that match since (a unit delivered or registered later)."""
        self._ensure_can_write()
        for campaign in self:
            campaign._ensure_state(("draft", "active"))
            if not campaign.product_ids:
                raise UserError(
                    self.env._("Campaign %s: choose the affected products.", campaign.name)
                )
        self.lock_for_update()
        for campaign in self:
            campaign._insert_affected_units()
        return True

    def _insert_affected_units(self):
        """One statement per campaign whatever the size of the installed base."""
        self.ensure_one()
        Unit = self.env["aftersales.campaign.unit"]
        self.env.flush_all()
        if self.state == "draft":
            self.env.cr.execute(
                SQL("DELETE FROM aftersales_campaign_unit WHERE campaign_id = %s", self.id)
            )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO aftersales_campaign_unit (
                    campaign_id, company_id, equipment_id, lot_id, product_id, partner_id,
                    country_id, state_id, delivery_date, state, cost, remedied, reminder_count,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT %(campaign)s, unit.company_id, unit.id, unit.lot_id, unit.product_id,
                       unit.partner_id, unit.country_id, unit.state_id, unit.delivery_date,
                       'open', 0, 0, 0, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s,
                       NOW() AT TIME ZONE 'UTC'
                  FROM aftersales_equipment unit
                  JOIN stock_lot lot ON lot.id = unit.lot_id
                 WHERE %(conditions)s
                 ORDER BY lot.name, unit.id
                ON CONFLICT (campaign_id, equipment_id) DO NOTHING
                """,
                campaign=self.id,
                uid=self.env.uid,
                conditions=self._affected_unit_conditions(),
            )
        )
        # the notices that follow in the same transaction plan their queries on fresh
        # statistics: before any autovacuum, a million new rows look like an empty table
        self.env.cr.execute(SQL("ANALYZE aftersales_campaign_unit"))
        Unit.invalidate_model()
        self.invalidate_recordset()

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _ensure_state(self, states):
        labels = dict(CAMPAIGN_STATES)
        for campaign in self:
            if campaign.state not in states:
                raise UserError(
                    self.env._(
                        "Campaign %(campaign)s is %(state)s: this step does not apply.",
                        campaign=campaign.name,
                        state=labels[campaign.state],
                    )
                )

    def action_launch(self):
        """List the units, quarantine the affected stock and send the first notices."""
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("draft",))
        for campaign in self:
            if not campaign.product_ids:
                raise UserError(
                    self.env._("Campaign %s: choose the affected products.", campaign.name)
                )
            campaign._insert_affected_units()
            reference = campaign.reference
            if reference == "/":
                reference = self.env["ir.sequence"].next_by_code("aftersales.campaign") or "/"
            campaign._write_workflow({"state": "active", "reference": reference})
        self._quarantine_affected_stock()
        self.unit_ids._send_notices()

    def action_close(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("active",))
        self._write_workflow({"state": "closed"})

    def action_cancel(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("draft", "active"))
        self._write_workflow({"state": "cancelled"})

    def action_reset_to_draft(self):
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("cancelled",))
        self._write_workflow({"state": "draft"})

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(campaign.state not in ("draft", "cancelled") for campaign in self):
            raise UserError(self.env._("Only draft or cancelled campaigns can be deleted."))

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_campaign_units"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for campaign in self:
            reference = campaign.reference if campaign.reference not in (False, "/") else ""
            campaign.display_name = f"{reference} {campaign.name or ''}".strip()

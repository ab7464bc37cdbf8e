from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

ORIGINS = [
    ("standard", "Standard"),
    ("extended", "Extended Warranty"),
    ("goodwill", "Goodwill"),
    ("manual", "Manual"),
    ("contract", "Service Contract"),
]


class AftersalesWarranty(models.Model):
    """An entitlement: the cover one policy gives one unit, from a start to an end date.

    The end moves when the rule set excludes time in repair (``excluded_days``), when a
    repair extends liability (``extension_months``), or is fixed when cover is carried over
    to a replacement unit (``fixed_date_end``).
    """

    _name = "aftersales.warranty"
    _description = "Warranty Entitlement"
    _inherit = ["mail.thread"]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Unit",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    lot_id = fields.Many2one(related="equipment_id.lot_id", store=True, index=True)
    product_id = fields.Many2one(related="equipment_id.product_id", store=True)
    partner_id = fields.Many2one(related="equipment_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="equipment_id.company_id", store=True, index=True)
    policy_id = fields.Many2one(
        "aftersales.warranty.policy", required=True, check_company=True, tracking=True
    )
    rule_set_id = fields.Many2one(related="policy_id.rule_set_id")
    origin = fields.Selection(ORIGINS, required=True, default="manual", tracking=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sold On", index="btree_not_null", copy=False
    )
    date_start = fields.Date(
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="When the clock started. Empty while the event that starts it (installation, "
        "registration, invoice) has not happened.",
    )
    excluded_days = fields.Integer(
        string="Days in Repair Excluded",
        help="Days the unit spent in warranty repair, added to the end when the rule set "
        "excludes time in repair from the warranty clock.",
    )
    extension_months = fields.Integer(help="Months added once by a repair (EU 2024/1799).")
    fixed_date_end = fields.Date(
        help="End carried over from the unit this one replaced (when cover does not restart)."
    )
    date_end = fields.Date(compute="_compute_date_end", store=True, index=True, tracking=True)
    voided = fields.Boolean(copy=False, tracking=True)
    state = fields.Selection(
        [
            ("pending", "Waiting for Clock Start"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("void", "Void"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
    )
    remaining_days = fields.Integer(compute="_compute_remaining_days")
    parts_coverage = fields.Float(related="policy_id.parts_coverage")
    labour_coverage = fields.Float(related="policy_id.labour_coverage")
    travel_coverage = fields.Float(related="policy_id.travel_coverage")
    note = fields.Text()

    @api.constrains("excluded_days", "extension_months")
    def _check_non_negative(self):
        for warranty in self:
            if warranty.excluded_days < 0 or warranty.extension_months < 0:
                raise ValidationError(
                    self.env._("Excluded days and extensions cannot be negative.")
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for warranty in self:
            if (
                warranty.date_start
                and warranty.date_end
                and warranty.date_end < warranty.date_start
            ):
                raise ValidationError(self.env._("Cover cannot end before it starts."))

    @api.depends(
        "origin",
        "policy_id.clock_start",
        "equipment_id.delivery_date",
        "equipment_id.installation_date",
        "equipment_id.registration_date",
        "equipment_id.invoice_date",
    )
    def _compute_date_start(self):
        for warranty in self:
            if warranty.origin != "standard":
                continue
            unit = warranty.equipment_id
            warranty.date_start = {
                "delivery": unit.delivery_date,
                "invoice": unit.invoice_date,
                "installation": unit.installation_date,
                "registration": unit.registration_date,
            }.get(warranty.policy_id.clock_start) or warranty.date_start

    @api.depends(
        "date_start",
        "policy_id.duration",
        "policy_id.duration_unit",
        "excluded_days",
        "extension_months",
        "fixed_date_end",
    )
    def _compute_date_end(self):
        for warranty in self:
            if warranty.fixed_date_end:
                end = warranty.fixed_date_end
            elif warranty.date_start and warranty.policy_id:
                end = warranty.policy_id._end_date(warranty.date_start)
            else:
                warranty.date_end = False
                continue
            warranty.date_end = end + relativedelta(
                days=warranty.excluded_days, months=warranty.extension_months
            )

    @api.depends("date_start", "date_end", "voided")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for warranty in self:
            if warranty.voided:
                warranty.state = "void"
            elif not warranty.date_start:
                warranty.state = "pending"
            elif warranty.date_end < today:
                warranty.state = "expired"
            else:
                warranty.state = "active"

    def _compute_remaining_days(self):
        today = fields.Date.context_today(self)
        for warranty in self:
            if warranty.state == "active":
                warranty.remaining_days = (warranty.date_end - today).days + 1
            else:
                warranty.remaining_days = 0

    def _compute_display_name(self):
        for warranty in self:
            warranty.display_name = (
                f"{warranty.policy_id.name or ''} - {warranty.lot_id.name or ''}"
            )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Warranty Certificate - %s", self.lot_id.name or self.id)

    @api.model
    def _covering_domain(self, on_date):
        return (
            Domain("voided", "=", False)
            & Domain("date_start", "<=", on_date)
            & Domain("date_end", ">=", on_date)
        )

    @api.model
    def _cover_by_serial(self, serial, on_date=None):
        """Entitlements of the unit with serial `serial` that cover `on_date` (default today)."""
        on_date = on_date or fields.Date.context_today(self)
        return self.search(
            Domain("lot_id.name", "=", serial) & self._covering_domain(on_date),
            order="date_end desc",
        )

    def _covers(self, on_date):
        self.ensure_one()
        return (
            not self.voided
            and bool(self.date_start)
            and self.date_start <= on_date <= self.date_end
        )

    def _clock_days(self, on_date):
        """Days of warranty clock run from the start to `on_date`, repair time excluded."""
        self.ensure_one()
        days = (on_date - self.date_start).days
        if self.policy_id.rule_set_id.exclude_repair_time:
            days -= self.excluded_days
        return max(days, 0)

    @api.model
    def _cron_expire(self):
        """Entitlements whose end passed yesterday become expired (the state is stored)."""
        ended = self.search(
            [("state", "=", "active"), ("date_end", "<", fields.Date.context_today(self))]
        )
        self.env.add_to_compute(self._fields["state"], ended)
        ended.flush_recordset(["state"])
        return ended

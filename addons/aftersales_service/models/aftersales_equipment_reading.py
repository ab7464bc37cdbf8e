from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain

COUNTER_KINDS = [("hours", "Hours"), ("km", "Kilometres"), ("cycles", "Cycles")]

READING_SOURCES = [
    ("visit", "Visit"),
    ("portal", "Portal"),
    ("api", "API"),
    ("claim", "Claim"),
    ("manual", "Manual"),
]


class AftersalesEquipmentReading(models.Model):
    """A counter reading (hours, kilometres, cycles) of one unit.

    Readings only go up, unless the reading is flagged as a meter reset (a new or zeroed
    counter); `total_usage` carries the usage over resets, so plans and warranties compare
    totals, not what the meter shows.
    """

    _name = "aftersales.equipment.reading"
    _description = "Usage Reading"
    _order = "date desc, id desc"
    _check_company_auto = True

    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Unit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="equipment_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="equipment_id.partner_id", string="Owner")
    date = fields.Date(required=True, default=fields.Date.context_today)
    value = fields.Float(required=True, help="What the counter shows.")
    kind = fields.Selection(related="equipment_id.counter_kind", store=True)
    source = fields.Selection(READING_SOURCES, required=True, default="manual")
    meter_reset = fields.Boolean(
        help="The counter was replaced or zeroed before this reading: it may be lower than "
        "the previous one."
    )
    total_usage = fields.Float(
        readonly=True,
        help="What the counter would show had it never been reset: the first reading, plus "
        "the usage since, carried over meter resets.",
    )
    visit_id = fields.Many2one(
        "aftersales.visit", index="btree_not_null", ondelete="set null", check_company=True
    )

    _value_not_negative = models.Constraint(
        "CHECK (value >= 0)", "A counter reading cannot be negative."
    )

    @api.model_create_multi
    def create(self, vals_list):
        visit_ids = [vals["visit_id"] for vals in vals_list if vals.get("visit_id")]
        self.env["aftersales.visit"].browse(visit_ids)._ensure_report_open()
        readings = super().create(vals_list)
        readings.equipment_id._update_reading_totals()
        return readings

    def write(self, vals):
        # the total carried over meter resets is bookkeeping, kept up to date on every reading
        if set(vals) - {"total_usage"}:
            self.visit_id._ensure_report_open()
            if vals.get("visit_id"):
                self.env["aftersales.visit"].browse(vals["visit_id"])._ensure_report_open()
        units = self.equipment_id
        result = super().write(vals)
        if {"value", "date", "meter_reset", "equipment_id"} & set(vals):
            (units | self.equipment_id)._update_reading_totals()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_visit_done(self):
        if any(reading.visit_id.state == "done" for reading in self):
            raise UserError(
                self.env._("A reading taken on a done visit is part of its report: keep it.")
            )
        self.visit_id._ensure_report_open()

    def unlink(self):
        units = self.equipment_id
        result = super().unlink()
        units.exists()._update_reading_totals()
        return result

    @api.constrains("value", "date", "meter_reset", "equipment_id")
    def _check_monotonic(self):
        for reading in self:
            before, after = reading._neighbours()
            if not reading.meter_reset and before and reading.value < before.value:
                raise ValidationError(
                    self.env._(
                        "%(unit)s: the reading %(value)s on %(date)s is lower than the reading "
                        "%(previous)s of %(previous_date)s. Flag it as a meter reset if the "
                        "counter was replaced or zeroed.",
                        unit=reading.equipment_id.display_name,
                        value=reading.value,
                        date=reading.date,
                        previous=before.value,
                        previous_date=before.date,
                    )
                )
            if after and not after.meter_reset and after.value < reading.value:
                raise ValidationError(
                    self.env._(
                        "%(unit)s: the reading %(value)s on %(date)s is higher than the later "
                        "reading %(next)s of %(next_date)s.",
                        unit=reading.equipment_id.display_name,
                        value=reading.value,
                        date=reading.date,
                        next=after.value,
                        next_date=after.date,
                    )
                )

    def _neighbours(self):
        """(the reading just before this one, the one just after) on the same unit."""
        self.ensure_one()
        Reading = self.sudo()
        unit = Domain("equipment_id", "=", self.equipment_id.id)
        earlier = Domain("date", "<", self.date) | (
            Domain("date", "=", self.date) & Domain("id", "<", self.id)
        )
        later = Domain("date", ">", self.date) | (
            Domain("date", "=", self.date) & Domain("id", ">", self.id)
        )
        before = Reading.search(unit & earlier, order="date desc, id desc", limit=1)
        after = Reading.search(unit & later, order="date, id", limit=1)
        return before.with_env(self.env), after.with_env(self.env)

    @api.model
    def post_readings(self, readings):
        """Record a batch of readings: `[{"serial": ..., "date": ..., "value": ...}, ...]`.

        One call per batch, for meters and IoT gateways (over /json/2 or execute_kw). Every
        row must name a unit the caller may record readings for; a refused or invalid row
        fails the whole batch, with an error naming the row.
        Returns the ids of the readings created.
        """
        if not isinstance(readings, list) or not readings:
            raise UserError(self.env._("Send a non-empty list of readings."))
        Unit = self.env["aftersales.equipment"]
        created = self.browse()
        for row_number, row in enumerate(readings, start=1):
            try:
                created |= self._post_reading(Unit, row)
            except (AccessError, MissingError, UserError, ValidationError) as error:
                raise UserError(
                    self.env._(
                        "Reading %(row)s (%(serial)s): %(error)s",
                        row=row_number,
                        serial=row.get("serial", "?") if isinstance(row, dict) else "?",
                        error=error.args[0] if error.args else error,
                    )
                ) from error
        return created.ids

    def _post_reading(self, Unit, row):
        if not isinstance(row, dict) or not row.get("serial") or "value" not in row:
            raise UserError(self.env._("each reading needs a serial and a value."))
        try:
            value = float(row["value"])
            date = fields.Date.to_date(row.get("date")) or fields.Date.context_today(self)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("the value or the date is not valid.")) from error
        # searched with the caller's rights: another customer's unit is not found at all
        # (the serial looked up as superuser: customers cannot read serial numbers)
        serials = self.env["stock.lot"].sudo().search([("name", "=", row["serial"])])
        unit = Unit.search([("lot_id", "in", serials.ids)], limit=1)
        if not unit:
            raise UserError(self.env._("no unit with this serial number that you may update."))
        if not self.env.user.share:
            unit.check_access("write")
        return self.create(
            {
                "equipment_id": unit.id,
                "date": date,
                "value": value,
                "meter_reset": bool(row.get("meter_reset")),
                "source": "api",
            }
        )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_maintenance_plan import add_interval


class AftersalesEquipment(models.Model):
    """A unit in the field: one per serial number and company."""

    _name = "aftersales.equipment"
    _description = "Installed Unit"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "delivery_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "lot_id.name", "partner_id.name"]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("tracking", "=", "serial")],
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        index=True,
        tracking=True,
        help="The customer who owns the unit (a company, or a person on their own).",
    )
    site_partner_id = fields.Many2one(
        "res.partner", string="Site Address", help="Where the unit is installed."
    )
    country_id = fields.Many2one(
        "res.country",
        compute="_compute_region",
        store=True,
        index="btree_not_null",
        help="Where the unit is: its site, or its owner's address.",
    )
    state_id = fields.Many2one(
        "res.country.state", string="Region", compute="_compute_region", store=True
    )
    sale_line_id = fields.Many2one("sale.order.line", index="btree_not_null")
    sale_order_id = fields.Many2one(related="sale_line_id.order_id")
    delivery_move_id = fields.Many2one("stock.move", index="btree_not_null")
    delivery_picking_id = fields.Many2one(related="delivery_move_id.picking_id", string="Delivery")
    delivery_date = fields.Date(tracking=True)
    installation_date = fields.Date(tracking=True)
    installer_id = fields.Many2one("res.partner", string="Installed By")
    state = fields.Selection(
        [
            ("in_service", "In Service"),
            ("under_repair", "Under Repair"),
            ("replaced", "Replaced"),
            ("retired", "Retired"),
        ],
        default="in_service",
        required=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    ownership_ids = fields.One2many(
        "aftersales.equipment.ownership", "equipment_id", string="Ownership History"
    )
    ticket_ids = fields.One2many("helpdesk.ticket", "equipment_id", string="Service Requests")
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    visit_ids = fields.One2many("aftersales.visit", "equipment_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    maintenance_plan_ids = fields.One2many(
        "aftersales.maintenance.plan", "equipment_id", string="Maintenance Plans"
    )

    _unique_live_serial = models.UniqueIndex(
        "(lot_id, company_id) WHERE active",
        "This serial number is already registered to another unit of the installed base.",
    )

    def _compute_access_url(self):
        for unit in self:
            unit.access_url = f"/my/equipment/{unit.id}"

    @api.depends(
        "site_partner_id.country_id",
        "site_partner_id.state_id",
        "partner_id.country_id",
        "partner_id.state_id",
    )
    def _compute_region(self):
        for unit in self:
            address = unit.site_partner_id if unit.site_partner_id.country_id else unit.partner_id
            unit.country_id = address.country_id
            unit.state_id = address.state_id

    @api.depends("product_id.display_name", "lot_id.name")
    def _compute_name(self):
        for unit in self:
            unit.name = f"{unit.product_id.display_name or ''} [{unit.lot_id.name or ''}]"

    def _compute_ticket_count(self):
        counts = self._count_per_unit("helpdesk.ticket")
        for unit in self:
            unit.ticket_count = counts.get(unit, 0)

    def _compute_visit_count(self):
        counts = self._count_per_unit("aftersales.visit")
        for unit in self:
            unit.visit_count = counts.get(unit, 0)

    def _count_per_unit(self, model):
        """{unit: number of `model` records pointing at it}, in one query for all units."""
        return dict(
            self.env[model]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )

    @api.constrains("lot_id", "product_id")
    def _check_lot_matches_product(self):
        for unit in self:
            if unit.lot_id.product_id != unit.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(serial)s belongs to %(lot_product)s, not to %(product)s.",
                        serial=unit.lot_id.name,
                        lot_product=unit.lot_id.product_id.display_name,
                        product=unit.product_id.display_name,
                    )
                )

    @api.constrains("installation_date", "delivery_date")
    def _check_installation_after_delivery(self):
        for unit in self:
            if (
                unit.installation_date
                and unit.delivery_date
                and unit.installation_date < unit.delivery_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(unit)s cannot be installed on %(installed)s, before its delivery on "
                        "%(delivered)s.",
                        unit=unit.display_name,
                        installed=unit.installation_date,
                        delivered=unit.delivery_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = self._commercial_partner_id(vals["partner_id"])
        # A unit archived earlier in the transaction (a replaced unit) must free its serial
        # before the unique index sees the new one.
        self.flush_model(["active", "lot_id", "company_id"])
        units = super().create(vals_list)
        units.filtered("partner_id")._open_ownership()
        units._create_strategy_maintenance_plans()
        return units

    def write(self, vals):
        if "partner_id" not in vals:
            return super().write(vals)
        vals["partner_id"] = self._commercial_partner_id(vals["partner_id"])
        transferred = self.filtered(lambda unit: unit.partner_id.id != vals["partner_id"])
        transferred._close_ownership()
        result = super().write(vals)
        transferred.filtered("partner_id")._open_ownership()
        return result

    def _create_strategy_maintenance_plans(self):
        """Units of products whose strategy asks for it (never fail) get a preventive plan."""
        vals_list = []
        for unit in self:
            strategy = unit.product_id.product_tmpl_id.aftersales_strategy_id
            if strategy.maintenance_interval_number <= 0:
                continue
            start = unit.installation_date or unit.delivery_date or fields.Date.context_today(unit)
            number = strategy.maintenance_interval_number
            unit_of_time = strategy.maintenance_interval_type
            vals_list.append(
                {
                    "equipment_id": unit.id,
                    "interval_number": number,
                    "interval_type": unit_of_time,
                    "next_date": add_interval(start, number, unit_of_time),
                }
            )
        self.env["aftersales.maintenance.plan"].create(vals_list)

    def _commercial_partner_id(self, partner_id):
        return self.env["res.partner"].browse(partner_id).commercial_partner_id.id or False

    def _open_ownership(self):
        self.env["aftersales.equipment.ownership"].create(
            [
                {
                    "equipment_id": unit.id,
                    "partner_id": unit.partner_id.id,
                    "date_start": fields.Date.context_today(self),
                }
                for unit in self
            ]
        )

    def _close_ownership(self):
        self.ownership_ids.filtered(
            lambda line: not line.date_end
        ).date_end = fields.Date.context_today(self)

    @api.model
    def _register_delivered_units(self, move_lines):
        """Create the units delivered by done `move_lines` (serials sent to customers).

        A serial that already has a unit in the company is not registered again (a delivery
        validated again after a return); when it went to another customer, ownership moves.
        """
        existing = self.with_context(active_test=False).search(
            [("lot_id", "in", move_lines.lot_id.ids)]
        )
        units_by_serial = {(unit.lot_id, unit.company_id): unit for unit in existing}
        vals_list = []
        for line in move_lines:
            delivery_address = line.picking_id.partner_id or line.move_id.partner_id
            owner = delivery_address.commercial_partner_id
            unit = units_by_serial.get((line.lot_id, line.company_id))
            if unit is not None:
                if unit and owner and unit.partner_id != owner:
                    unit.partner_id = owner
                continue
            units_by_serial[(line.lot_id, line.company_id)] = self.browse()
            vals_list.append(
                {
                    "product_id": line.product_id.id,
                    "lot_id": line.lot_id.id,
                    "company_id": line.company_id.id,
                    "partner_id": owner.id,
                    "site_partner_id": delivery_address.id,
                    "sale_line_id": line.move_id.sale_line_id.id,
                    "delivery_move_id": line.move_id.id,
                    "delivery_date": fields.Date.context_today(self, line.date),
                }
            )
        return self.create(vals_list)

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_service_requests"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_visits")
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {"default_equipment_id": self.id}
        action["view_mode"] = "list,calendar,kanban,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "kanban"), (False, "form")]
        return action

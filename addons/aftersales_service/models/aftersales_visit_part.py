from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesVisitPart(models.Model):
    """A spare part planned for a visit or used on it; closing the visit moves the used
    quantity out of stock."""

    _name = "aftersales.visit.part"
    _description = "Part Used on a Visit"

    visit_id = fields.Many2one("aftersales.visit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, domain=[("type", "=", "consu")]
    )
    planned_qty = fields.Float(
        string="Planned",
        digits="Product Unit",
        help="Taken to the visit: reserved in the technician's van when the parts are reserved.",
    )
    quantity = fields.Float(
        string="Used",
        required=True,
        default=1.0,
        digits="Product Unit",
        help="Used on site: taken out of stock when the visit closes.",
    )
    proposal_reason = fields.Char(
        string="Why", readonly=True, help="Why this part was proposed for the visit."
    )
    reservation_move_ids = fields.One2many(
        "stock.move", "aftersales_visit_part_id", string="Reservations", readonly=True
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit of Measure",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        domain="[('product_id', '=', product_id)]",
    )
    tracking = fields.Selection(related="product_id.tracking")
    move_id = fields.Many2one("stock.move", readonly=True, copy=False)

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.product_id.uom_id

    @api.constrains("quantity", "planned_qty")
    def _check_quantity_positive(self):
        for line in self:
            if line.quantity < 0 or line.planned_qty < 0 or not (line.quantity or line.planned_qty):
                raise ValidationError(
                    self.env._(
                        "The quantity of %(part)s used on %(visit)s must be positive.",
                        part=line.product_id.display_name,
                        visit=line.visit_id.name,
                    )
                )

    @api.constrains("lot_id", "product_id", "quantity")
    def _check_tracked_parts_have_lot(self):
        for line in self:
            if line.quantity and line.product_id.tracking != "none" and not line.lot_id:
                raise ValidationError(
                    self.env._(
                        "%(part)s is tracked: say which lot or serial number was used.",
                        part=line.product_id.display_name,
                    )
                )

    def _consume(self):
        """Done stock moves from the visit's location to the customer, one per line."""
        lines = self.filtered(lambda line: not line.move_id and line.quantity > 0)
        if not lines:
            return
        customers = self.env.ref("stock.stock_location_customers")
        moves = (
            self.env["stock.move"]
            .sudo()
            .create([line._prepare_move_vals(customers) for line in lines])
        )
        moves._action_done()
        for line, move in zip(lines, moves, strict=True):
            line.move_id = move

    def _prepare_move_vals(self, destination):
        self.ensure_one()
        source = self.visit_id.location_id
        return {
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id,
            "product_uom_qty": self.quantity,
            "company_id": self.company_id.id,
            "state": "confirmed",
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.visit_id.name,
            "partner_id": self.visit_id.partner_id.id,
            "aftersales_visit_id": self.visit_id.id,
            "picked": True,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_id": self.product_uom_id.id,
                        "quantity": self.quantity,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id,
                        "lot_id": self.lot_id.id,
                    }
                )
            ],
        }

    def _prepare_reservation_vals(self, destination):
        """A move holding the planned quantity in the van until the visit closes."""
        self.ensure_one()
        visit = self.visit_id
        return {
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id,
            "product_uom_qty": self.planned_qty,
            "company_id": self.company_id.id,
            "location_id": visit.location_id.id,
            "location_dest_id": destination.id,
            "origin": visit.name,
            "partner_id": visit.partner_id.id,
            "date": visit.planned_start,
            "aftersales_visit_id": visit.id,
            "aftersales_visit_part_id": self.id,
        }

    def unlink(self):
        # sudo: a technician dropping a planned part frees it for the other visits
        self.sudo().reservation_move_ids._aftersales_active()._action_cancel()
        return super().unlink()

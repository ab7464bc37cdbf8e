from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare, float_is_zero

PARTS_STATES = [
    ("ready", "Ready"),
    ("on_the_way", "On the Way"),
    ("missing", "Missing"),
]

#: The transfer to the van is due this long before the visit starts.
TRANSFER_LEAD = timedelta(days=1)


class AftersalesVisit(models.Model):
    """Parts planned for a visit, reserved in the technician's van before it.

    Reserving makes one move per planned line from the van to the customer, reserved on the van's
    stock; what the van lacks comes on one internal transfer from the warehouse's stock, due the
    day before the visit, after which the moves are reserved again. Closing or cancelling the
    visit cancels the reservations (the used quantities are consumed by their own done moves) and
    the transfers not yet done; parts already brought stay in the van, which is its stock.
    """

    _inherit = "aftersales.visit"  # pylint: disable=consider-merging-classes-inherited

    parts_reserved = fields.Boolean(
        readonly=True, copy=False, help="The planned parts are reserved or on their way."
    )
    transfer_ids = fields.One2many(
        "stock.picking", "aftersales_visit_id", string="Transfers to the Van", readonly=True
    )
    transfer_count = fields.Integer(compute="_compute_transfer_count")
    parts_state = fields.Selection(
        PARTS_STATES,
        compute="_compute_parts_state",
        store=True,
        help="Ready: every planned part is reserved in the van. On the way: the rest is on a "
        "transfer to the van. Missing: some planned part is neither.",
    )
    sla_deadline = fields.Datetime(
        string="Due By",
        related="ticket_id.sla_deadline",
        help="The service request's SLA deadline: the visit's time window ends there.",
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "parts_reserved"}

    def _compute_transfer_count(self):
        for visit in self:
            visit.transfer_count = len(visit.sudo().transfer_ids)

    @api.depends(
        "part_line_ids.planned_qty",
        "part_line_ids.reservation_move_ids.state",
        "part_line_ids.reservation_move_ids.quantity",
        "transfer_ids.state",
        "transfer_ids.move_ids.product_uom_qty",
    )
    def _compute_parts_state(self):
        for visit in self.sudo():
            visit.parts_state = visit._parts_state()

    def _parts_state(self):
        self.ensure_one()
        needed = defaultdict(float)
        reserved = defaultdict(float)
        for line in self.part_line_ids.filtered(lambda line: line.planned_qty > 0):
            needed[line.product_id] += line.product_uom_id._compute_quantity(
                line.planned_qty, line.product_id.uom_id
            )
            for move in line.reservation_move_ids._aftersales_active():
                reserved[line.product_id] += move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
        if not needed:
            return False
        coming = defaultdict(float)
        for move in self.transfer_ids.move_ids._aftersales_active():
            coming[move.product_id] += move.product_qty
        state = "ready"
        for product, quantity in needed.items():
            rounding = product.uom_id.rounding
            if float_compare(reserved[product], quantity, precision_rounding=rounding) >= 0:
                continue
            if (
                float_compare(
                    reserved[product] + coming[product], quantity, precision_rounding=rounding
                )
                < 0
            ):
                return "missing"
            state = "on_the_way"
        return state

    # ------------------------------------------------------------------ actions

    def action_reserve_parts(self):
        """Reserve the planned parts in the van, or bring them there. A second click changes
        nothing unless the planned parts changed."""
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("planned", "in_progress"), self.env._("given its parts"))
        for visit in self:
            if not visit.location_id:
                raise UserError(
                    self.env._("Say where the parts of %(visit)s come from.", visit=visit.name)
                )
            if not visit.part_line_ids.filtered(lambda line: line.planned_qty > 0):
                raise UserError(
                    self.env._("Plan the parts %(visit)s needs first.", visit=visit.name)
                )
            if visit.parts_reserved and not visit.sudo()._reservations_outdated():
                continue
            visit.sudo()._release_part_reservations()
            visit.sudo()._reserve_parts()
            visit._write_workflow({"parts_reserved": True})
        return True

    def action_view_transfers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("aftersales_visit_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.transfer_ids) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")]})
            action["res_id"] = self.transfer_ids.id
        return action

    def write(self, vals):
        result = super().write(vals)
        if {"technician_id", "location_id", "planned_start"} & vals.keys():
            self._move_part_reservations()
        return result

    # ------------------------------------------------------------------ reserving

    def _move_part_reservations(self):
        """After a reassignment: the reservations and transfers follow the visit to the new
        van. Cancelled and made again; a visit whose reservations already fit is left alone."""
        for visit in self.sudo().filtered(
            lambda v: v.parts_reserved and v.state in ("planned", "in_progress")
        ):
            if visit._reservations_outdated():
                visit._release_part_reservations()
                visit._reserve_parts()

    def _reservations_outdated(self):
        """Whether the active reservations differ from the planned parts or their van."""
        self.ensure_one()
        for line in self.part_line_ids:
            moves = line.reservation_move_ids._aftersales_active()
            if not moves and not line.planned_qty:
                continue
            if moves.location_id != self.location_id or float_compare(
                sum(moves.mapped("product_uom_qty")),
                line.planned_qty,
                precision_rounding=line.product_uom_id.rounding,
            ):
                return True
        return any(
            transfer.location_dest_id != self.location_id
            for transfer in self.transfer_ids.filtered(lambda t: t.state not in ("done", "cancel"))
        )

    def _reserve_parts(self):
        """One reserved move per planned line out of the van; a transfer for what it lacks."""
        self.ensure_one()
        lines = self.part_line_ids.filtered(lambda line: line.planned_qty > 0)
        customers = self.env.ref("stock.stock_location_customers")
        moves = self.env["stock.move"].create(
            [line._prepare_reservation_vals(customers) for line in lines]
        )
        moves._action_confirm(merge=False)
        moves._action_assign()
        shortfalls = []
        for move in moves:
            missing = move.product_uom_qty - move.quantity
            if not float_is_zero(missing, precision_rounding=move.product_uom.rounding):
                shortfalls.append((move, missing))
        if shortfalls:
            self._create_van_transfer(shortfalls)

    def _create_van_transfer(self, shortfalls):
        self.ensure_one()
        warehouse = self.location_id.warehouse_id
        if not warehouse:
            raise UserError(
                self.env._(
                    "%(location)s lies in no warehouse: no transfer can bring it the parts of "
                    "%(visit)s.",
                    location=self.location_id.display_name,
                    visit=self.name,
                )
            )
        source = warehouse.lot_stock_id
        if source == self.location_id:
            return  # parts taken from the warehouse's stock itself: nothing to bring
        due = max(fields.Datetime.now(), self.planned_start - TRANSFER_LEAD)
        warehouse.int_type_id.active = True
        transfer = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "location_id": source.id,
                "location_dest_id": self.location_id.id,
                "scheduled_date": due,
                "date_deadline": self.planned_start,
                "origin": self.name,
                "partner_id": self.technician_id.partner_id.id,
                "company_id": self.company_id.id,
                "aftersales_visit_id": self.id,
                "move_ids": [
                    fields.Command.create(
                        {
                            "product_id": move.product_id.id,
                            "product_uom": move.product_uom.id,
                            "product_uom_qty": missing,
                            "location_id": source.id,
                            "location_dest_id": self.location_id.id,
                            "company_id": self.company_id.id,
                            "date": due,
                            "origin": self.name,
                        }
                    )
                    for move, missing in shortfalls
                ],
            }
        )
        transfer.action_confirm()
        transfer.action_assign()
        return transfer

    def _assign_part_reservations(self):
        """Reserve again the visits' moves once parts reached the van."""
        moves = self.part_line_ids.reservation_move_ids._aftersales_active()
        moves.filtered(lambda move: move.state != "assigned")._action_assign()

    def _release_part_reservations(self):
        """Cancel the reservations and the transfers not done yet."""
        self.part_line_ids.reservation_move_ids._aftersales_active()._action_cancel()
        self.transfer_ids.filtered(lambda t: t.state not in ("done", "cancel")).action_cancel()

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesTechnician(models.Model):
    """A field technician: the user who makes the visits and the van or bag they carry parts in.

    The van is an internal location under the warehouse that restocks it, so its stock counts in
    that warehouse and its reordering rules are fed from the warehouse's stock by an internal
    transfer.
    """

    _name = "aftersales.technician"
    _description = "Field Technician"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(related="user_id.name", store=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        help="The warehouse that restocks the technician's van.",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Van Location",
        readonly=True,
        copy=False,
        check_company=True,
        help="The van or bag stock: parts used on the technician's visits leave it.",
    )
    active = fields.Boolean(default=True)

    _unique_user_company = models.Constraint(
        "UNIQUE (user_id, company_id)", "This user is already a technician of this company."
    )

    @api.model
    def _for_user(self, user, company):
        """The technician profile of ``user`` in ``company``, if any."""
        return self.sudo().search(
            [("user_id", "=", user.id), ("company_id", "=", company.id)], limit=1
        )

    def action_create_location(self):
        """Make the technician's van location and its replenishment rule (once)."""
        self.check_access("write")
        for technician in self.sudo():
            if not technician.location_id:
                technician.location_id = technician.env["stock.location"].create(
                    technician._prepare_location_vals()
                )
            technician.warehouse_id._aftersales_ensure_van_rule(technician.location_id)
        return True

    def _prepare_location_vals(self):
        self.ensure_one()
        return {
            "name": self.env._("Van %(technician)s", technician=self.user_id.name),
            "usage": "internal",
            "location_id": self.warehouse_id.view_location_id.id,
            "company_id": self.company_id.id,
            "aftersales_technician_id": self.id,
        }

    def write(self, vals):
        if "warehouse_id" in vals and any(
            technician.location_id and technician.warehouse_id.id != vals["warehouse_id"]
            for technician in self
        ):
            raise UserError(
                self.env._(
                    "The van location already lies under its warehouse: make a new technician "
                    "profile to move the technician to another warehouse."
                )
            )
        return super().write(vals)

    def action_view_van_stock(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Van Stock"),
            "res_model": "stock.quant",
            "view_mode": "list",
            "domain": [("location_id", "=", self.location_id.id)],
            "context": {"create": False},
        }

    def action_view_reordering_rules(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_orderpoint")
        route = self.warehouse_id.sudo().aftersales_van_route_id
        action.update(
            {
                "domain": [("location_id", "=", self.location_id.id)],
                "context": {
                    "default_location_id": self.location_id.id,
                    "default_warehouse_id": self.warehouse_id.id,
                    "default_route_id": route.id,
                    "default_trigger": "auto",
                },
            }
        )
        return action

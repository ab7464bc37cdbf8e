from odoo import api, fields, models


class AftersalesEquipment(models.Model):
    _inherit = "aftersales.equipment"

    # The per-unit failure rate is opened on a product and a delivery month (a row of the
    # monthly summary): this index finds those units among millions.
    _product_delivery_index = models.Index(
        "(product_id, delivery_date) WHERE delivery_date IS NOT NULL"
    )

    registration_date = fields.Date(
        tracking=True, help="When the customer registered the unit (starts some warranties)."
    )
    invoice_date = fields.Date(
        compute="_compute_invoice_date",
        store=True,
        help="Date of the customer invoice of the sale the unit came from.",
    )
    warranty_ids = fields.One2many("aftersales.warranty", "equipment_id", string="Warranties")
    claim_ids = fields.One2many("aftersales.claim", "equipment_id", string="Claims")
    claim_count = fields.Integer(compute="_compute_claim_count")
    warranty_state = fields.Selection(
        [("covered", "Covered"), ("pending", "Cover Not Started"), ("none", "Not Covered")],
        string="Warranty",
        compute="_compute_warranty_glance",
    )
    warranty_date_end = fields.Date(string="Covered Until", compute="_compute_warranty_glance")
    warranty_remaining_days = fields.Integer(
        string="Days of Cover Left", compute="_compute_warranty_glance"
    )
    warranty_coverage = fields.Char(string="Covered", compute="_compute_warranty_glance")

    @api.depends("sale_line_id.invoice_lines.move_id.invoice_date")
    def _compute_invoice_date(self):
        for unit in self:
            dates = unit.sale_line_id.invoice_lines.move_id.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            ).mapped("invoice_date")
            unit.invoice_date = min(dates) if dates else False

    def _compute_claim_count(self):
        counts = self._count_per_unit("aftersales.claim")
        for unit in self:
            unit.claim_count = counts.get(unit, 0)

    @api.depends("warranty_ids.state", "warranty_ids.date_end")
    def _compute_warranty_glance(self):
        for unit in self:
            active = unit.warranty_ids.filtered(lambda w: w.state == "active")
            longest = active.sorted("date_end", reverse=True)[:1]
            if longest:
                unit.warranty_state = "covered"
            elif unit.warranty_ids.filtered(lambda w: w.state == "pending"):
                unit.warranty_state = "pending"
            else:
                unit.warranty_state = "none"
            unit.warranty_date_end = longest.date_end
            unit.warranty_remaining_days = longest.remaining_days
            unit.warranty_coverage = longest and self.env._(
                "Parts %(parts)s %%, labour %(labour)s %%, travel %(travel)s %%",
                parts=round(longest.parts_coverage),
                labour=round(longest.labour_coverage),
                travel=round(longest.travel_coverage),
            )

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(vals_list)
        units._create_standard_warranties()
        return units

    def write(self, vals):
        new_owner = vals.get("partner_id")
        changing = self.filtered(lambda unit: new_owner and unit.partner_id.id != new_owner)
        result = super().write(vals)
        changing._end_cover_that_does_not_transfer()
        return result

    def _end_cover_that_does_not_transfer(self):
        """A policy that is not transferable ends when the unit changes owner."""
        personal = self.warranty_ids.filtered(
            lambda w: not w.voided and not w.policy_id.transferable
        )
        personal.sudo().write(
            {"voided": True, "note": self.env._("Ended: the unit changed owner.")}
        )

    def _create_standard_warranties(self):
        """Each new unit gets its product's (or category's) standard policy."""
        Policy = self.env["aftersales.warranty.policy"]
        vals_list = []
        for unit in self:
            policy = Policy._standard_policy_of(unit.product_id)
            if policy:
                vals_list.append(
                    {"equipment_id": unit.id, "policy_id": policy.id, "origin": "standard"}
                )
        return self.env["aftersales.warranty"].sudo().create(vals_list)

    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_warranty.action_claims")
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {"default_equipment_id": self.id}
        return action

from odoo import fields, models


class AftersalesEquipment(models.Model):
    _inherit = "aftersales.equipment"

    fitting_part_count = fields.Integer(compute="_compute_fitting_part_count")

    def _compute_fitting_part_count(self):
        counts = dict(
            self.env["aftersales.part.fitment"]._read_group(
                [("product_id", "in", self.product_id.product_tmpl_id.ids)],
                ["product_id"],
                ["__count"],
            )
        )
        for unit in self:
            unit.fitting_part_count = counts.get(unit.product_id.product_tmpl_id, 0)

    def action_view_fitting_parts(self):
        """The spare parts that fit this unit, with what is on hand and forecasted."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_parts.action_part_fitments"
        )
        action["domain"] = [("product_id", "=", self.product_id.product_tmpl_id.id)]
        action["context"] = {"default_product_id": self.product_id.product_tmpl_id.id}
        return action

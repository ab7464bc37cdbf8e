from odoo import api, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    @api.onchange("product_id")
    def _onchange_product_id_propose_successor(self):
        """Ordering a superseded part proposes the part that replaces it today."""
        template = self.product_id.product_tmpl_id
        current = template.aftersales_current_part_id
        if not self.product_id or not current or current == template:
            return None
        old_name = self.product_id.display_name
        self.product_id = current.product_variant_id
        return {
            "warning": {
                "title": self.env._("Part superseded"),
                "message": self.env._(
                    "%(old)s is replaced by %(new)s: the order line now asks for %(new)s. "
                    "Change it back if you really need the old part number.",
                    old=old_name,
                    new=current.display_name,
                ),
            }
        }

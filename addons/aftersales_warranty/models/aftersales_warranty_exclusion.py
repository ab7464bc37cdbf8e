from odoo import fields, models


class AftersalesWarrantyExclusion(models.Model):
    """A condition a warranty does not cover (misuse, liquid damage, wear parts...)."""

    _name = "aftersales.warranty.exclusion"
    _description = "Warranty Exclusion"
    _order = "code"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _unique_code = models.Constraint("UNIQUE(code)", "Each exclusion needs its own code.")

    def _compute_display_name(self):
        for exclusion in self:
            exclusion.display_name = f"[{exclusion.code}] {exclusion.name}"

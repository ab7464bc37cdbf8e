from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_is_spare_part = fields.Boolean(string="Spare Part", index=True)
    aftersales_criticality = fields.Selection(
        [("vital", "Vital"), ("essential", "Essential"), ("desirable", "Desirable")],
        string="Criticality",
        help="How badly a missing part hurts: vital parts stop the customer's equipment.",
    )
    aftersales_lifecycle = fields.Selection(
        [
            ("active", "Active"),
            ("phase_out", "Phase-out"),
            ("last_time_buy", "Last-Time Buy"),
            ("obsolete", "Obsolete"),
        ],
        string="Lifecycle",
        default="active",
        tracking=True,
    )
    aftersales_lifecycle_date = fields.Date(
        string="Lifecycle Since", help="When the part entered its current lifecycle stage."
    )
    aftersales_last_time_buy_date = fields.Date(string="Last-Time Buy Until")
    aftersales_support_end_date = fields.Date(
        string="Supported Until",
        help="End of the service obligation: a last-time buy covers the demand until then.",
    )
    aftersales_successor_id = fields.Many2one(
        "product.template",
        string="Replaced By",
        index="btree_not_null",
        domain=[("aftersales_is_spare_part", "=", True)],
        tracking=True,
    )
    aftersales_interchangeability = fields.Selection(
        [("one_way", "One-way"), ("two_way", "Two-way")],
        string="Interchangeability",
        default="one_way",
        help="One-way: the new part replaces the old one, not the reverse. Two-way: either fits.",
    )
    aftersales_supersession_date = fields.Date(string="Replaced Since")
    aftersales_current_part_id = fields.Many2one(
        "product.template",
        string="Current Part",
        compute="_compute_aftersales_current_part_id",
        help="The end of the supersession chain: the part number to stock and order today.",
    )
    aftersales_fitment_ids = fields.One2many("aftersales.part.fitment", "part_id", string="Fits")

    @api.depends("aftersales_successor_id")
    def _compute_aftersales_current_part_id(self):
        current = self._current_parts()
        for template in self:
            template.aftersales_current_part_id = current[template]

    def _current_parts(self):
        """{part: the part that replaces it today} for these parts, with one query per level of
        the supersession chains rather than one per part (the cycle check keeps it finite)."""
        current = {part: part for part in self}
        frontier = self
        while frontier:
            frontier.fetch(["aftersales_successor_id"])
            superseded = frontier.filtered("aftersales_successor_id")
            successor = {part.id: part.aftersales_successor_id for part in superseded}
            for part, latest in current.items():
                if latest.id in successor:
                    current[part] = successor[latest.id]
            frontier = superseded.aftersales_successor_id
        return current

    def _with_predecessors(self):
        """These parts and every part they replace, directly or down a supersession chain
        (one query per level of the chains)."""
        parts = frontier = self
        while frontier:
            frontier = (
                self.with_context(active_test=False).search(
                    [("aftersales_successor_id", "in", frontier.ids)]
                )
                - parts
            )
            parts |= frontier
        return parts

    @api.constrains("aftersales_successor_id")
    def _check_supersession_without_cycle(self):
        if self._has_cycle("aftersales_successor_id"):
            raise ValidationError(
                self.env._(
                    "A supersession chain cannot loop back: %(parts)s would replace itself.",
                    parts=", ".join(self.mapped("display_name")),
                )
            )

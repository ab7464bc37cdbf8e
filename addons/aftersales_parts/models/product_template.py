from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..report.selections import CRITICALITY, LIFECYCLE

#: Criticality a part gets from its ABC class when no one set it by hand.
ABC_CRITICALITY = {"a": "vital", "b": "essential", "c": "desirable"}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_is_spare_part = fields.Boolean(string="Spare Part", index=True)
    aftersales_criticality = fields.Selection(
        CRITICALITY,
        string="Criticality",
        help="How badly a missing part hurts: vital parts stop the customer's equipment.",
    )
    aftersales_abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        string="ABC Class",
        readonly=True,
        index=True,
        copy=False,
        help="By usage value (net demand of the last 12 months x cost): A for the parts making "
        "the first 80 % of the spare parts' usage value, B up to 95 %, C for the rest "
        "(system parameters aftersales_parts.abc_cutoff_a and aftersales_parts.abc_cutoff_b).",
    )
    aftersales_usage_value = fields.Float(
        string="Usage Value (12 months)", readonly=True, copy=False, digits="Product Price"
    )
    aftersales_effective_criticality = fields.Selection(
        CRITICALITY,
        string="Planning Criticality",
        compute="_compute_aftersales_effective_criticality",
        store=True,
        index=True,
        help="The criticality set by hand, else the one of the ABC class (A vital, B essential, "
        "C desirable). Forecast runs pick the fill rate target from it.",
    )
    aftersales_lifecycle = fields.Selection(
        LIFECYCLE,
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

    @api.depends("aftersales_criticality", "aftersales_abc_class")
    def _compute_aftersales_effective_criticality(self):
        for template in self:
            template.aftersales_effective_criticality = (
                template.aftersales_criticality
                or ABC_CRITICALITY.get(template.aftersales_abc_class)
                or False
            )

    @api.model
    def _compute_abc_classes(self):
        """Classify every spare part by usage value: net demand of the last 12 full months
        (superseded parts counted for their successor) x the current company's cost, from one
        grouped read of the demand history; three writes, one per class."""
        get_param = self.env["ir.config_parameter"].sudo().get_param
        cut_a = float(get_param("aftersales_parts.abc_cutoff_a", "0.8"))
        cut_b = float(get_param("aftersales_parts.abc_cutoff_b", "0.95"))
        end = fields.Date.context_today(self).replace(day=1)
        rows = self.env["aftersales.part.demand"]._read_group(
            [("month", ">=", end - relativedelta(months=12)), ("month", "<", end)],
            ["product_tmpl_id"],
            ["quantity:sum"],
        )
        parts = self.search([("aftersales_is_spare_part", "=", True)])
        current = (parts | self.browse([part.id for part, _q in rows]))._current_parts()
        quantity = dict.fromkeys(parts, 0.0)
        for part, qty in rows:
            latest = current[part]
            if latest in quantity:
                quantity[latest] += qty
        parts.fetch(["standard_price"])
        value = {part: max(qty, 0.0) * part.standard_price for part, qty in quantity.items()}
        total = sum(value.values())
        classes = {"a": [], "b": [], "c": []}
        running = 0.0
        for part in sorted(parts, key=lambda p: (-value[p], p.id)):
            share = running / total if total else 1.0
            if value[part] > 0 and share < cut_a:
                classes["a"].append(part.id)
            elif value[part] > 0 and share < cut_b:
                classes["b"].append(part.id)
            else:
                classes["c"].append(part.id)
            running += value[part]
        for abc, ids in classes.items():
            if ids:
                self.browse(ids).write({"aftersales_abc_class": abc})
        for part in parts:  # flushed by the ORM in batched UPDATEs
            part.aftersales_usage_value = value[part]
        return classes

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

from odoo import api, fields, models


class AftersalesClaim(models.Model):
    """Claims imported from a previous system: closed, with the costs it recorded.

    A historic claim carries its parts cost as an amount (``imported_parts_cost``, next to the
    parts cost it adds to), not as part lines, so coverage, the claim amount and the analytics
    count it like any other parts cost. ``import_reference`` is the claim's
    reference in the previous system; it is unique per company, so importing a file twice
    does not create its claims twice.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    import_reference = fields.Char(
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Reference of the claim in the system it was imported from.",
    )
    _unique_import_reference = models.Constraint(
        "UNIQUE(company_id, import_reference)",
        "A claim with this import reference already exists in this company.",
    )
    _positive_imported_parts_cost = models.Constraint(
        "CHECK(imported_parts_cost IS NULL OR imported_parts_cost >= 0)",
        "An imported parts cost cannot be negative.",
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "import_reference"}

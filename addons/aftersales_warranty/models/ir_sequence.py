from odoo import models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _aftersales_next_batch(self, count):
        """`count` numbers drawn as ``_next`` draws them, in one query for a standard sequence
        without date ranges (``nextval`` once per number otherwise): a batch of claims or of
        their documents numbers them in one round trip."""
        self.ensure_one()
        if count < 2 or self.use_date_range or self.implementation != "standard":
            return [self._next() for _n in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{self.id:03d}",
                count,
            )
        )
        numbers = sorted(number for (number,) in self.env.cr.fetchall())
        # get_next_char() of each number, with the prefix and suffix interpolated once
        prefix, suffix = self._get_prefix_suffix()
        return [f"{prefix}{number:0{self.padding}d}{suffix}" for number in numbers]

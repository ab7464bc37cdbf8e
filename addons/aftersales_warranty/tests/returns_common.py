from datetime import date, timedelta

from .common import WarrantyCase


class ReturnsCase(WarrantyCase):
    """A sold chiller 100 days old, and the steps of a claim whose goods come back."""

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        self.unit.delivery_date = date.today() - timedelta(days=100)
        self.returns = self.warehouse.aftersales_return_location_id

    def executed_claim(self, decision="replace", unit=None):
        claim = self.make_claim(unit or self.unit, requested_remedy=decision, decision=decision)
        self.approve_and_execute(claim)
        return claim

    def deliver_replacement(self, claim):
        delivery = claim.replacement_picking_id
        delivery.move_ids.lot_ids = self.stock_serials()
        self.validate(delivery)

    def receive_return(self, claim):
        self.validate(claim.return_picking_id)

    def quantity_in(self, location, product=None, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            product or self.product, location, lot_id=lot, strict=True
        )

    def on_hand(self, location, product=None, lot=None):
        quants = self.env["stock.quant"]._gather(
            product or self.product, location, lot_id=lot, strict=True
        )
        return sum(quants.mapped("quantity"))

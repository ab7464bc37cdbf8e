from collections import defaultdict
from contextlib import contextmanager

from odoo import models
from odoo.fields import Domain

# context key holding what a batch of claim documents defers to its end (see stock_batch)
STOCK_BATCH = "aftersales_stock_batch"


@contextmanager
def stock_batch(records):
    """`records` in a context where stock defers to the end of the block what it does once
    per move: marking the orderpoints of the moved products for recomputation, and looking
    for the orderpoints to trigger (one search per product and pair of locations, not per
    move); the procurement rules it looks up are kept for the block. Without the key (any
    other stock operation) nothing changes."""
    batch = {"orderpoints": set(), "scheduler": set(), "rules": {}}
    yield records.with_context(**{STOCK_BATCH: batch})
    moves = records.env["stock.move"].with_context(**{STOCK_BATCH: None})
    moves._aftersales_update_orderpoints(batch["orderpoints"])
    moves.browse(sorted(batch["scheduler"])).exists()._aftersales_trigger_scheduler()


class StockMove(models.Model):
    _inherit = "stock.move"

    def _update_orderpoints(self):
        batch = self.env.context.get(STOCK_BATCH)
        if batch is None:
            return super()._update_orderpoints()
        for move in self:
            warehouses = move.location_id.warehouse_id | move.location_dest_id.warehouse_id
            batch["orderpoints"].add((move.product_id.id, tuple(sorted(warehouses.ids))))
        return None

    def _aftersales_update_orderpoints(self, keys):
        """What ``_update_orderpoints`` does, for the (product, warehouses) `keys` of a batch."""
        if not keys:
            return
        domains = [
            Domain("product_id", "=", product)
            & (Domain("warehouse_id", "in", list(warehouses)) if warehouses else Domain.TRUE)
            for product, warehouses in sorted(keys)
        ]
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        orderpoints = Orderpoint.sudo().search(Domain.OR(domains), order="id")
        orderpoints.invalidate_recordset(["qty_to_order", "qty_forecast"])
        self.env.add_to_compute(Orderpoint._fields["qty_to_order_computed"], orderpoints)

    def _trigger_scheduler(self):
        batch = self.env.context.get(STOCK_BATCH)
        if batch is None:
            return super()._trigger_scheduler()
        batch["scheduler"].update(self.ids)
        return None

    def _aftersales_trigger_scheduler(self):
        """``_trigger_scheduler`` with one orderpoint search per product, company and pair of
        locations instead of one per move; the same orderpoints and origins."""
        if not self or self.env["ir.config_parameter"].sudo().get_param("stock.no_auto_scheduler"):
            return
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        found = {}
        orderpoints_by_company = defaultdict(Orderpoint.browse)
        origins_by_company = defaultdict(dict)
        for move in self:
            key = (move.product_id, move.location_id, move.location_dest_id, move.company_id)
            if key not in found:
                found[key] = Orderpoint.search(
                    [
                        ("product_id", "=", move.product_id.id),
                        ("trigger", "=", "auto"),
                        ("location_id", "parent_of", move.location_id.id),
                        ("company_id", "=", move.company_id.id),
                        "!",
                        ("location_id", "parent_of", move.location_dest_id.id),
                    ],
                    limit=1,
                )
            orderpoint = found[key]
            if not orderpoint:
                continue
            orderpoints_by_company[orderpoint.company_id] |= orderpoint
            if move.product_qty > orderpoint.product_min_qty and move.reference_ids:
                origins = origins_by_company[orderpoint.company_id].setdefault(orderpoint.id, set())
                origins |= set(move.reference_ids.ids)
        for company, orderpoints in orderpoints_by_company.items():
            orderpoints.with_context(
                origins=origins_by_company[company]
            )._procure_orderpoint_confirm(company_id=company, raise_user_error=False)


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _search_rule(self, route_ids, packaging_uom_id, product_id, warehouse_id, domain):
        batch = self.env.context.get(STOCK_BATCH)
        if batch is None:
            return super()._search_rule(
                route_ids, packaging_uom_id, product_id, warehouse_id, domain
            )
        key = (
            tuple(route_ids.ids) if route_ids else (),
            packaging_uom_id.id if packaging_uom_id else False,
            product_id.id,
            warehouse_id.id if warehouse_id else False,
            repr(domain),
        )
        if key not in batch["rules"]:
            batch["rules"][key] = (
                super()
                ._search_rule(route_ids, packaging_uom_id, product_id, warehouse_id, domain)
                .ids
            )
        return self.env["stock.rule"].browse(batch["rules"][key])

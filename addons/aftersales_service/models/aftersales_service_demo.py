from datetime import timedelta

from odoo import Command, api, fields, models


class AftersalesServiceDemo(models.AbstractModel):
    """The service side of the demo story, played through the visits' own actions.

    Called from ``demo/aftersales_demo.xml`` only. Each step is one method, so a later
    feature's demo (vans, contracts, usage readings...) adds its own.
    """

    _name = "aftersales.service.demo"
    _description = "After-Sales Service Demo Story"

    @api.model
    def _load_demo_visits(self):
        """Maintenance visits of the past months that used parts from the main stock."""
        ref = self.env.ref
        technician = ref("aftersales_service.user_demo_technician")
        filters = ref("aftersales_service.product_air_filter")
        stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .lot_stock_id
        )
        self.env["stock.quant"]._update_available_quantity(filters, stock, 12)
        now = fields.Datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
        visits = self.env["aftersales.visit"]
        for unit, days_ago, quantity in (
            ("unit_split_06", 150, 2),
            ("unit_split_11", 120, 1),
            ("unit_chiller_03", 90, 4),
            ("unit_split_20", 60, 2),
            ("unit_chiller_01", 30, 4),
        ):
            start = now - timedelta(days=days_ago)
            visits |= (
                self.env["aftersales.visit"]
                .with_user(technician)
                .create(
                    {
                        "visit_type": "maintenance",
                        "equipment_id": ref(f"aftersales_service.{unit}").id,
                        "technician_id": technician.id,
                        "planned_start": start,
                        "planned_end": start + timedelta(hours=2),
                        "location_id": stock.id,
                        "report": "<p>Filters changed, coils cleaned, pressures checked.</p>",
                        "part_line_ids": [
                            Command.create({"product_id": filters.id, "quantity": quantity})
                        ],
                    }
                )
            )
        visits.action_done()
        return visits

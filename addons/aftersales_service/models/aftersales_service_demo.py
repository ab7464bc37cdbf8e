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
        # the service desk plans the visits; the technician only makes them
        agent = ref("aftersales_service.user_demo_agent")
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
                .with_user(agent)
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

    @api.model
    def _load_demo_field_service(self):
        """The technician's van, today's and tomorrow's visits, a done visit with its checklist
        and readings, hour counters and a maintenance plan on usage."""
        ref = self.env.ref
        technician_user = ref("aftersales_service.user_demo_technician")
        dispatcher = ref("aftersales_service.user_demo_service_manager")
        filters = ref("aftersales_service.product_air_filter")
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        technician = self.env["aftersales.technician"].create(
            {"user_id": technician_user.id, "warehouse_id": warehouse.id}
        )
        technician.action_create_location()
        van = technician.location_id
        self.env["stock.quant"]._update_available_quantity(filters, van, 4)
        self._load_demo_planned_visits(technician_user, dispatcher, filters)
        self._load_demo_usage(technician_user)
        return technician

    def _load_demo_planned_visits(self, technician_user, dispatcher, filters):
        """Today's visit has its filters reserved in the van; tomorrow's needs more filters than
        the van holds and waits for the dispatcher's Reserve Parts."""
        ref = self.env.ref
        today = fields.Datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
        Visit = self.env["aftersales.visit"].with_user(dispatcher)
        visits = Visit.browse()
        for unit, start, quantity in (
            ("unit_split_03", today, 2),
            ("unit_chiller_04", today + timedelta(days=1), 6),
        ):
            visits |= Visit.create(
                {
                    "visit_type": "maintenance",
                    "equipment_id": ref(f"aftersales_service.{unit}").id,
                    "technician_id": technician_user.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=2),
                    "part_line_ids": [
                        Command.create({"product_id": filters.id, "planned_qty": quantity})
                    ],
                }
            )
        visits[0].action_reserve_parts()
        return visits

    def _load_demo_usage(self, technician_user):
        """The chillers count their running hours: a few readings each, the latest taken on a
        done visit with its checklist answered, and a plan every 500 hours or 6 months."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        chillers = ref("aftersales_service.unit_chiller_02") | ref(
            "aftersales_service.unit_chiller_03"
        )
        chillers.write({"counter_kind": "hours"})
        Reading = self.env["aftersales.equipment.reading"]
        for chiller, hours_per_day in zip(chillers, (14, 9), strict=True):
            Reading.create(
                [
                    {
                        "equipment_id": chiller.id,
                        "date": today - timedelta(days=days_ago),
                        "value": (180 - days_ago) * hours_per_day,
                        "source": "manual",
                    }
                    for days_ago in (150, 100, 50)
                ]
            )
        chiller = chillers[0]
        start = fields.Datetime.now().replace(
            hour=2, minute=0, second=0, microsecond=0
        ) - timedelta(days=5)
        visit = (
            self.env["aftersales.visit"]
            .with_user(self.env.ref("aftersales_service.user_demo_agent"))
            .create(
                {
                    "visit_type": "maintenance",
                    "equipment_id": chiller.id,
                    "technician_id": technician_user.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=3),
                    "report": "<p>Compressor oil and pressures checked, condenser cleaned.</p>",
                    "signed_by": "Tran Van Minh",
                }
            )
        )
        for line in visit.checklist_line_ids:
            line.result = "ok"
        visit.checklist_line_ids[-1:].write(
            {"result": "not_ok", "note": "Condensate drain partly blocked: cleared, to watch."}
        )
        Reading.with_user(technician_user).create(
            {
                "equipment_id": chiller.id,
                "visit_id": visit.id,
                "date": start.date(),
                "value": 175 * 14,
                "source": "visit",
            }
        )
        visit.action_done()
        self.env["aftersales.maintenance.plan"].create(
            {
                "equipment_id": chiller.id,
                "interval_number": 6,
                "interval_type": "months",
                "usage_interval": 500,
                "next_date": today + timedelta(days=180),
                "technician_id": technician_user.id,
            }
        )
        return visit

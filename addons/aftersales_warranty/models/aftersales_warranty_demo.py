from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models

# the photos the clerk attaches (the smallest real PNG: uploads are checked by their content)
DEMO_PHOTO = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"
    "AAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class AftersalesWarrantyDemo(models.AbstractModel):
    """The warranty side of the demo story, played through the claims' own actions.

    Called once from ``demo/warranty_demo.xml``; nothing here runs on a database without demo
    data. Each story is one small method taking the people who act in it, so another feature's
    demo (contracts, paid repairs...) adds a method and a line in ``_load_demo_claims``.
    States are reached as users reach them: the warranty clerk submits, an approver or the
    manager decides, the warehouse validates the pickings, the repair shop ends the repair.
    """

    _name = "aftersales.warranty.demo"
    _description = "Warranty Demo Story"

    @api.model
    def _load_demo_claims(self):
        ref = self.env.ref
        cast = {
            "clerk": ref("aftersales_warranty.user_demo_warranty"),
            "approver": ref("aftersales_warranty.user_demo_approver"),
            "manager": ref("aftersales_warranty.user_demo_manager"),
        }
        self._stock_demo_parts()
        self._demo_drafts(cast)
        self._demo_waiting_for_approval(cast)
        self._demo_approved(cast)
        self._demo_rejected(cast)
        self._demo_repairs(cast)
        self._demo_replacements(cast)
        self._demo_refunds(cast)
        self._demo_goodwill(cast)
        self._demo_vendor_recovery(cast)
        self._demo_cancelled(cast)
        self._backdate_claim_steps()
        # the reports' summaries as the nightly cron would leave them
        self.env["aftersales.failure.rate.summary"]._refresh_summary()

    # ------------------------------------------------------------------
    # Building blocks
    # ------------------------------------------------------------------
    def _backdate_claim_steps(self):
        """Demo only: the actions above stamp every step with the load day, so lead times
        would read 0 days. Spread each claim's steps over the days after its intake, as a
        desk would have taken them: submitted the next morning, decided 1 to 3 days later,
        done 3 to 9 days after that; never later than now. Written after the actions ran, as
        the actions write them: in superuser mode and past the open tier reviews' write check."""
        now = fields.Datetime.now()
        claims = self.env["aftersales.claim"].search([("submit_date", "!=", False)])
        for claim in claims:
            intake = claim.intake_date or claim.failure_date
            submitted = min(
                datetime.combine(intake, time(9, 0)) + timedelta(days=1),
                now - timedelta(hours=3),
            )
            vals = {"submit_date": submitted}
            if claim.approve_date:
                approved = min(
                    submitted + timedelta(days=1 + claim.id % 3, hours=2),
                    now - timedelta(hours=2),
                )
                vals["approve_date"] = approved
                if claim.done_date:
                    vals["done_date"] = min(
                        approved.date() + timedelta(days=3 + claim.id % 7), now.date()
                    )
            claim.sudo().with_context(skip_validation_check=True).write(vals)

    def _unit(self, name):
        return self.env.ref(f"aftersales_service.{name}")

    def _warehouse(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

    def _stock_demo_parts(self):
        location = self._warehouse().lot_stock_id
        for xmlid, quantity in (
            ("aftersales_warranty.demo_part_drain_pump", 12),
            ("aftersales_warranty.demo_part_capacitor", 30),
            ("aftersales_warranty.demo_part_r32_charge", 20),
        ):
            self.env["stock.quant"]._update_available_quantity(
                self.env.ref(xmlid), location, quantity
            )

    def _claim(self, clerk, unit, days_ago, failure, symptom=None, parts=(), **values):
        """A draft claim as the warranty clerk files it, failed `days_ago` days ago."""
        ref = self.env.ref
        failure_day = fields.Date.context_today(self) - timedelta(days=days_ago)
        vals = {
            "equipment_id": unit.id,
            "failure_date": failure_day,
            "intake_date": failure_day + timedelta(days=1),
            "failure_code_id": ref(f"aftersales_warranty.{failure}").id,
            "labour_cost": 1_500_000.0,
            "travel_cost": 750_000.0,
            **values,
        }
        if symptom:
            vals["symptom_id"] = ref(f"aftersales_warranty.{symptom}").id
        if parts:
            vals["part_ids"] = [
                Command.create({"product_id": ref(f"aftersales_warranty.{part}").id, "quantity": 1})
                for part in parts
            ]
        claim = self.env["aftersales.claim"].with_user(clerk).create(vals)
        # the evidence the failure asks for, as the clerk uploads it
        self.env["aftersales.claim.evidence"].with_user(clerk).create(
            [
                {
                    "claim_id": claim.id,
                    "evidence_type_id": evidence_type.id,
                    "file_name": f"{claim.name}-{evidence_type.name}.png".replace(" ", "-"),
                    "file": DEMO_PHOTO,
                }
                for evidence_type in claim.missing_evidence_type_ids
            ]
        )
        return claim

    def _submitted(self, cast, *args, decision="repair", goodwill_remedy=False, **kwargs):
        """Decided by the clerk (a repair unless told), then submitted."""
        claim = self._claim(cast["clerk"], *args, **kwargs)
        claim.action_decide(decision, goodwill_remedy)
        claim.action_submit()
        return claim

    def _executed(self, cast, *args, **kwargs):
        claim = self._submitted(cast, *args, **kwargs)
        claim.with_user(cast["approver"]).action_approve()
        claim.with_user(cast["approver"]).action_execute()
        return claim

    def _validate(self, picking, serial=None):
        """The warehouse validates the picking (the loader's user: the demo users are no
        warehouse clerks)."""
        picking = picking.with_env(self.env)
        if serial:
            picking.move_ids.move_line_ids.unlink()
            picking.move_ids.lot_ids = serial
        picking.move_ids.picked = True
        picking.button_validate()

    def _repaired(self, cast, *args, **kwargs):
        claim = self._executed(cast, *args, **kwargs)
        self._validate(claim.return_picking_id)
        claim.repair_id.action_repair_start()
        claim.repair_id.action_repair_end()
        if claim.repaired_delivery_id:
            self._validate(claim.repaired_delivery_id)
        return claim

    def _spare_serial(self, product, name):
        """A new serial of `product` in the main stock, for a replacement to ship."""
        lot = self.env["stock.lot"].create({"name": name, "product_id": product.id})
        self.env["stock.quant"]._update_available_quantity(
            product, self._warehouse().lot_stock_id, 1, lot_id=lot
        )
        return lot

    def _sold_unit(self, partner, product, serial, price, days_ago, site=None):
        """A unit sold, delivered and invoiced through a sale order (a refund credits the
        invoice), delivered `days_ago` days ago."""
        lot = self._spare_serial(product, serial)
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 1, "price_unit": price}
                    )
                ],
            }
        )
        order.action_confirm()
        self._validate(order.picking_ids, lot)
        order._create_invoices().action_post()
        unit = self.env["aftersales.equipment"].search([("lot_id", "=", lot.id)])
        day = fields.Date.context_today(self) - timedelta(days=days_ago)
        unit.write({"delivery_date": day, "installation_date": day, "site_partner_id": site.id})
        return unit

    # ------------------------------------------------------------------
    # The stories
    # ------------------------------------------------------------------
    def _demo_drafts(self, cast):
        self._claim(cast["clerk"], self._unit("unit_split_05"), 1, "failure_noise", "symptom_noise")
        self._claim(
            cast["clerk"],
            self._unit("unit_split_12"),
            3,
            "failure_performance",
            "symptom_weak",
            parts=("demo_part_r32_charge",),
        )

    def _demo_waiting_for_approval(self, cast):
        # a plain repair waits for an approver (the clerk may not approve his own claims)
        self._submitted(
            cast,
            self._unit("unit_split_08"),
            4,
            "failure_no_power",
            "symptom_dead",
            parts=("demo_part_capacitor",),
        )
        self._submitted(
            cast, self._unit("unit_split_19"), 6, "failure_leak", "symptom_leak", parts=()
        )
        # a chiller refund over the tier limit waits for the manager's review
        hospital = self.env.ref("aftersales_service.partner_hospital")
        chiller = self._sold_unit(
            hospital,
            self.env.ref("aftersales_service.product_chiller"),
            "CA40-2026-0907",
            462_500_000.0,
            45,
            site=self.env.ref("aftersales_service.site_hospital_plant"),
        )
        self._submitted(
            cast,
            chiller,
            5,
            "failure_performance",
            "symptom_error",
            decision="refund",
            requested_remedy="refund",
        )

    def _demo_approved(self, cast):
        for unit, days in (("unit_split_14", 8), ("unit_split_27", 9)):
            claim = self._submitted(
                cast,
                self._unit(unit),
                days,
                "failure_noise",
                "symptom_noise",
                parts=("demo_part_drain_pump",),
            )
            claim.with_user(cast["approver"]).action_approve()

    def _demo_rejected(self, cast):
        liquid = self._submitted(
            cast, self._unit("unit_split_03"), 40, "failure_liquid_damage", "symptom_dead"
        )
        liquid.with_user(cast["approver"]).action_reject_with_reason(
            "The control board shows water damage from a blocked roof drain, which the "
            "warranty excludes."
        )
        cosmetic = self._submitted(
            cast, self._unit("unit_split_30"), 25, "failure_cosmetic", labour_cost=0.0
        )
        cosmetic.with_user(cast["manager"]).action_reject_with_reason(
            "Scratches on the front panel reported four months after installation are not "
            "a defect of the unit."
        )

    def _demo_repairs(self, cast):
        # waiting for the unit to come back, then under repair
        self._executed(
            cast,
            self._unit("unit_split_09"),
            12,
            "failure_no_power",
            "symptom_dead",
            parts=("demo_part_capacitor",),
        )
        in_shop = self._executed(
            cast, self._unit("unit_split_17"), 15, "failure_leak", "symptom_leak"
        )
        self._validate(in_shop.return_picking_id)
        in_shop.repair_id.action_repair_start()
        # repaired with parts, over the past months
        for unit, days, failure, symptom, parts in (
            ("unit_split_02", 150, "failure_no_power", "symptom_dead", ("demo_part_capacitor",)),
            ("unit_split_06", 120, "failure_leak", "symptom_leak", ("demo_part_drain_pump",)),
            ("unit_split_11", 95, "failure_performance", "symptom_weak", ("demo_part_r32_charge",)),
            ("unit_split_21", 70, "failure_leak", "symptom_leak", ("demo_part_drain_pump",)),
            ("unit_split_24", 50, "failure_no_power", "symptom_dead", ("demo_part_capacitor",)),
            ("unit_chiller_02", 35, "failure_noise", "symptom_noise", ()),
        ):
            self._repaired(cast, self._unit(unit), days, failure, symptom, parts=parts)
        # the technician found nothing wrong
        nff = self._repaired(
            cast, self._unit("unit_split_33"), 30, "failure_noise", "symptom_noise"
        )
        nff.with_user(cast["approver"]).action_mark_no_fault_found()

    def _demo_replacements(self, cast):
        product = self.env.ref("aftersales_service.product_split_ac")
        for unit, days, serial in (
            ("unit_split_04", 60, "CA12-2026-9001"),
            ("unit_split_15", 20, "CA12-2026-9002"),
        ):
            self._spare_serial(product, serial)
            claim = self._executed(
                cast,
                self._unit(unit),
                days,
                "failure_no_power",
                "symptom_dead",
                decision="replace",
                requested_remedy="replace",
            )
            self._validate(claim.replacement_picking_id)
            self._validate(claim.return_picking_id)

    def _demo_refunds(self, cast):
        mall = self.env.ref("aftersales_service.partner_shenzhen_mall")
        unit = self._sold_unit(
            mall,
            self.env.ref("aftersales_service.product_split_ac"),
            "CA12-2026-8801",
            17_250_000.0,
            30,
            site=self.env.ref("aftersales_service.site_mall_shops"),
        )
        claim = self._executed(
            cast,
            unit,
            10,
            "failure_no_power",
            "symptom_dead",
            decision="refund",
            requested_remedy="refund",
        )
        # accounting posts the credit note
        claim.credit_note_id.with_env(self.env).action_post()
        self._validate(claim.return_picking_id)

    def _demo_goodwill(self, cast):
        # out of cover: goodwill climbs two levels; the approver has given his, the manager's
        # is pending
        claim = self._submitted(
            cast,
            self._unit("unit_split_35"),
            7,
            "failure_performance",
            "symptom_weak",
            decision="goodwill",
            goodwill_remedy="repair",
            parts=("demo_part_r32_charge",),
        )
        claim.with_user(cast["approver"]).validate_tier()

    def _demo_vendor_recovery(self, cast):
        claim = self._repaired(
            cast,
            self._unit("unit_split_07"),
            80,
            "failure_no_power",
            "symptom_dead",
            parts=("demo_part_capacitor",),
        )
        claim.with_user(cast["clerk"]).action_propose_recovery()
        recoveries = claim.recovery_ids
        recoveries.with_user(cast["approver"]).action_send()
        # the vendor accepts; accounting records it (its vendor credit note needs invoicing
        # rights, which the demo's warranty people do not have)
        recoveries.with_env(self.env).action_accept()
        # the vendor's credit note arrives: entered with its date, then posted
        notes = recoveries.credit_note_id.with_env(self.env)
        notes.invoice_date = fields.Date.context_today(self)
        notes.action_post()

    def _demo_cancelled(self, cast):
        claim = self._claim(
            cast["clerk"], self._unit("unit_split_22"), 14, "failure_noise", "symptom_noise"
        )
        claim.with_user(cast["clerk"]).action_cancel()

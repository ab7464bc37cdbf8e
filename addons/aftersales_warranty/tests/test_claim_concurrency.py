import threading
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import LockError, UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimConcurrency(BaseCase):
    """Two users executing the same approved claim at once, each in their own transaction.

    The fixture is committed (the two transactions must see it) and removed afterwards.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            # the step mails rendered at once: no job left for a runner to pick up later
            env = api.Environment(
                cr, SUPERUSER_ID, {"tracking_disable": True, "queue_job__no_delay": True}
            )
            groups = "aftersales_warranty.group_warranty_approver,stock.group_stock_user"
            self.user_ids = [
                new_test_user(env, f"as_concurrent_{n}", groups=groups).id for n in (1, 2)
            ]
            product = env["product.product"].create(
                {"name": "Concurrency chiller", "is_storable": True, "tracking": "serial"}
            )
            lot = env["stock.lot"].create({"name": "CONC-0001", "product_id": product.id})
            customer = env["res.partner"].create({"name": "Concurrent customer"})
            rule_set = env["aftersales.remedy.rule.set"].create(
                {
                    "name": "Concurrency rules",
                    "code": "CONC",
                    "rule_ids": [(0, 0, {"name": "Repair", "allow_repair": True})],
                }
            )
            policy = env["aftersales.warranty.policy"].create(
                {"name": "Concurrency policy", "rule_set_id": rule_set.id}
            )
            unit = env["aftersales.equipment"].create(
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "partner_id": customer.id,
                    "delivery_date": date.today(),
                }
            )
            env["aftersales.warranty"].create(
                {"equipment_id": unit.id, "policy_id": policy.id, "date_start": date.today()}
            )
            claim = env["aftersales.claim"].create({"equipment_id": unit.id, "decision": "repair"})
            claim.action_submit()
            claim.with_user(self.user_ids[0]).action_approve()
            self.ids = {
                "claim": claim.id,
                "unit": unit.id,
                "lot": lot.id,
                "product": product.id,
                "customer": customer.id,
                "policy": policy.id,
                "rule_set": rule_set.id,
            }
        self.addCleanup(self.remove_fixture)

    def remove_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["aftersales.claim"].browse(self.ids["claim"])
            pickings = claim.return_picking_id
            repairs = env["repair.order"].search([("lot_id", "=", self.ids["lot"])])
            repairs.action_repair_cancel()
            repairs.unlink()
            pickings.action_cancel()
            pickings.move_ids.unlink()
            pickings.unlink()
            claim.review_ids.unlink()
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'aftersales.claim' AND res_id = %s",
                [claim.id],
            )
            cr.execute("DELETE FROM aftersales_claim WHERE id = %s", [claim.id])
            env["aftersales.equipment"].browse(self.ids["unit"]).unlink()
            env["stock.lot"].browse(self.ids["lot"]).unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["aftersales.warranty.policy"].browse(self.ids["policy"]).unlink()
            env["aftersales.remedy.rule.set"].browse(self.ids["rule_set"]).unlink()
            env["res.users"].browse(self.user_ids).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def test_two_users_executing_at_once_make_one_repair(self):
        barrier = threading.Barrier(2)
        outcomes = []

        def execute(user_id):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, user_id, {})
                claim = env["aftersales.claim"].browse(self.ids["claim"])
                barrier.wait()
                try:
                    claim.action_execute()
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes.append("executed")
                except (LockError, UserError, SerializationFailure) as error:
                    cr.rollback()
                    outcomes.append(type(error).__name__)

        threads = [threading.Thread(target=execute, args=(uid,)) for uid in self.user_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(outcomes.count("executed"), 1, outcomes)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["aftersales.claim"].browse(self.ids["claim"])
            self.assertEqual(claim.state, "in_progress")
            self.assertEqual(
                env["repair.order"].search_count([("lot_id", "=", self.ids["lot"])]), 1
            )
            self.assertEqual(env["stock.picking"].search_count([("origin", "=", claim.name)]), 1)

import threading
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestClaimGoodsConcurrency(BaseCase):
    """Two users claiming 7 of the same 10 invoiced kettles at once, each in their own
    transaction: one claim is made, the other transaction fails to serialize (its request
    would be retried and refused). The fixture is committed and removed afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            rule_set = env["aftersales.remedy.rule.set"].create(
                {
                    "name": "Goods concurrency rules",
                    "code": "GCONC",
                    "rule_ids": [Command.create({"name": "Refund", "allow_refund": True})],
                }
            )
            policy = env["aftersales.warranty.policy"].create(
                {"name": "Goods concurrency policy", "rule_set_id": rule_set.id}
            )
            product = env["product.product"].create(
                {
                    "name": "Concurrency kettle",
                    "list_price": 30.0,
                    "aftersales_warranty_policy_id": policy.id,
                }
            )
            customer = env["res.partner"].create({"name": "Concurrent goods customer"})
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": date.today(),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "quantity": 10, "price_unit": 30.0}
                        )
                    ],
                }
            )
            invoice.action_post()
            self.ids = {
                "invoice": invoice.id,
                "line": invoice.invoice_line_ids.id,
                "product": product.id,
                "customer": customer.id,
                "policy": policy.id,
                "rule_set": rule_set.id,
            }
        self.addCleanup(self.remove_fixture)

    def remove_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["aftersales.claim"].search([("invoice_line_id", "=", self.ids["line"])]).unlink()
            invoice = env["account.move"].browse(self.ids["invoice"])
            invoice.button_draft()
            invoice.with_context(force_delete=True).unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["aftersales.warranty.policy"].browse(self.ids["policy"]).unlink()
            env["aftersales.remedy.rule.set"].browse(self.ids["rule_set"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def test_two_claims_at_once_never_exceed_what_was_bought(self):
        barrier = threading.Barrier(2)
        outcomes = []

        def claim_seven():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait()
                try:
                    env["aftersales.claim"].create(
                        {
                            "invoice_line_id": self.ids["line"],
                            "quantity": 7,
                            "failure_date": date.today(),
                        }
                    )
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes.append("claimed")
                except (ValidationError, SerializationFailure) as error:
                    cr.rollback()
                    outcomes.append(type(error).__name__)

        threads = [threading.Thread(target=claim_seven) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(outcomes.count("claimed"), 1, outcomes)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claims = env["aftersales.claim"].search([("invoice_line_id", "=", self.ids["line"])])
            self.assertEqual(claims.mapped("quantity"), [7.0])
            # the retried request sees the first claim
            with self.assertRaisesRegex(ValidationError, "Only 3 "):
                env["aftersales.claim"].create(
                    {
                        "invoice_line_id": self.ids["line"],
                        "quantity": 7,
                        "failure_date": date.today(),
                    }
                )

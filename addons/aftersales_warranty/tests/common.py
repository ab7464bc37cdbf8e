import base64
from datetime import date

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.aftersales_service.tests.common import AftersalesServiceCase

# the smallest real PNG (one pixel): uploads are checked by their content
ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class WarrantyCase(AftersalesServiceCase):
    """Users per warranty role, a policy with its own rule set, a sold and invoiced product.

    Everything is created here (no demo data); the rule set is built by the test so the
    flows do not depend on how the shipped legal rule sets evolve.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        documents = (
            "stock.group_stock_user,account.group_account_invoice,sales_team.group_sale_salesman"
        )
        cls.warranty_user = new_test_user(
            cls.env, "as_w_user", groups=f"aftersales_warranty.group_warranty_user,{documents}"
        )
        cls.approver = new_test_user(
            cls.env,
            "as_w_approver",
            groups=f"aftersales_warranty.group_warranty_approver,{documents}",
        )
        cls.second_approver = new_test_user(
            cls.env,
            "as_w_approver2",
            groups=f"aftersales_warranty.group_warranty_approver,{documents}",
        )
        cls.warranty_manager = new_test_user(
            cls.env,
            "as_w_manager",
            groups=f"aftersales_warranty.group_warranty_manager,{documents}",
        )
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create({"name": "Dental Clinic", "is_company": True})
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Seaside Hotel", "is_company": True}
        )
        cls.rule_set = cls.env["aftersales.remedy.rule.set"].create(
            {
                "name": "Test regime",
                "code": "TEST",
                "exclude_repair_time": True,
                "replacement_restarts_warranty": True,
                "rule_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "Within 7 days",
                            "within_days": 7,
                            "allow_repair": True,
                            "allow_replace": True,
                            "allow_refund": True,
                            "chooser": "customer",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "Two failed repairs",
                            "min_unresolved_repairs": 2,
                            "allow_replace": True,
                            "allow_refund": True,
                            "chooser": "customer",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 90,
                            "name": "Otherwise repair",
                            "allow_repair": True,
                            "chooser": "seller",
                        }
                    ),
                ],
            }
        )
        cls.liquid = cls.env["aftersales.warranty.exclusion"].create(
            {"code": "T-LIQ", "name": "Liquid damage (test)"}
        )
        cls.policy = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Standard 24 months",
                "duration": 24,
                "clock_start": "delivery",
                "parts_coverage": 100,
                "labour_coverage": 100,
                "travel_coverage": 50,
                "rule_set_id": cls.rule_set.id,
                "exclusion_ids": [Command.link(cls.liquid.id)],
            }
        )
        cls.failure = cls.env["aftersales.failure.code"].create(
            {"code": "T-PWR", "name": "Compressor dead", "defect_class": "serious"}
        )
        cls.other_failure = cls.env["aftersales.failure.code"].create(
            {"code": "T-NOISE", "name": "Fan noise", "defect_class": "minor"}
        )
        cls.category = cls.env["product.category"].create({"name": "Chillers (test)"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Chiller CH-200",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_installed_base": True,
                "categ_id": cls.category.id,
                "list_price": 1200.0,
                "standard_price": 700.0,
                "aftersales_warranty_policy_id": cls.policy.id,
            }
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Compressor C-9",
                "is_storable": True,
                "standard_price": 150.0,
                "list_price": 220.0,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.part, cls.warehouse.lot_stock_id, 10)
        cls.serial_count = 0

    @classmethod
    def mail_customers_in_two_languages(cls):
        """The customer reads Vietnamese (the addon's terms loaded); ``english_customer`` reads
        English. Both have an email address, so they are mailed."""
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(["aftersales_warranty"], ["vi_VN"])
        cls.customer.write({"email": "clinic@example.com", "lang": "vi_VN"})
        cls.english_customer = cls.env["res.partner"].create(
            {"name": "Harbour Dental", "email": "harbour@example.com", "lang": "en_US"}
        )

    @classmethod
    def stock_serials(cls, count=1, prefix="CH"):
        lots = cls.env["stock.lot"].create(
            [
                {"name": f"{prefix}-{cls.serial_count + n:05d}", "product_id": cls.product.id}
                for n in range(1, count + 1)
            ]
        )
        cls.serial_count += count
        for lot in lots:
            cls.env["stock.quant"]._update_available_quantity(
                cls.product, cls.warehouse.lot_stock_id, 1, lot_id=lot
            )
        return lots

    @classmethod
    def deliver(cls, product, count, day, prefix, company=None):
        """`count` units of `product` in the customer's installed base, delivered on `day`
        (no sale: for reports and imports that only need units and dates)."""
        company = company or cls.company
        lots = cls.env["stock.lot"].create(
            [
                {"name": f"{prefix}-{n}", "product_id": product.id, "company_id": company.id}
                for n in range(count)
            ]
        )
        return cls.env["aftersales.equipment"].create(
            [
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "partner_id": cls.customer.id,
                    "delivery_date": day,
                    "company_id": company.id,
                }
                for lot in lots
            ]
        )

    @classmethod
    def sell(cls, partner=None, price=1000.0, invoice=True):
        """Sell, deliver (one new serial) and invoice a chiller: returns the unit it registers."""
        partner = partner or cls.customer
        lot = cls.stock_serials()
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": price}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.lot_ids = lot
        picking.move_ids.picked = True
        picking.button_validate()
        if invoice:
            order._create_invoices().action_post()
        return cls.env["aftersales.equipment"].search([("lot_id", "=", lot.id)])

    def make_claim(self, unit, user=None, decision=None, goodwill_remedy=None, **values):
        """A draft claim made by `user`; a decision is taken through the claim's action."""
        claim = (
            self.env["aftersales.claim"]
            .with_user(user or self.warranty_user)
            .create(
                {
                    "equipment_id": unit.id,
                    "failure_code_id": self.failure.id,
                    "failure_date": values.pop("failure_date", date.today()),
                    **values,
                }
            )
        )
        if decision:
            claim.action_decide(decision, goodwill_remedy or "repair")
        return claim

    def read_as_the_web_client(self, record):
        """web_read `record` with every field its form view shows its user, x2many lists
        with their columns, as the web client does on opening the form."""
        arch = etree.fromstring(record.get_views([(False, "form")])["views"]["form"]["arch"])

        def fields_under(node):
            for child in node:
                if child.tag == "field":
                    yield child
                else:
                    yield from fields_under(child)

        def spec(node, model):
            result = {}
            for field_node in fields_under(node):
                field = record.env[model]._fields[field_node.get("name")]
                if field.type == "many2one":
                    result[field.name] = {"fields": {"display_name": {}}}
                elif field.type in ("one2many", "many2many"):
                    result[field.name] = {"fields": spec(field_node, field.comodel_name)}
                else:
                    result[field.name] = {}
            return result

        return record.web_read(spec(arch, record._name))

    def approve_and_execute(self, claim):
        """Submit as the claim's user, approve and execute as an approver."""
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.approver).action_execute()
        self.assertEqual(claim.state, "in_progress")

    def validate(self, picking):
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def repair(self, claim, ship_back=False):
        """Execute a repair claim through to the repair done (and the unit shipped back)."""
        self.approve_and_execute(claim)
        self.validate(claim.return_picking_id)
        claim.repair_id.action_repair_start()
        claim.repair_id.action_repair_end()
        self.assertEqual(claim.state, "done")
        if ship_back:
            self.validate(claim.repaired_delivery_id)
        return claim

import base64

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_warranty_import import (
    CLAIM_HEADER,
    REGISTRATION_HEADER,
    TODAY,
    WarrantyImportCase,
)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestWarrantyImportSecurity(WarrantyImportCase):
    """An import, its file and its errors are its user's own, in their companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co (imports)"})
        documents = "stock.group_stock_user,account.group_account_invoice"
        cls.outsider = new_test_user(
            cls.env,
            "as_w_import_outsider",
            groups=f"aftersales_warranty.group_warranty_manager,{documents}",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.colleague = new_test_user(
            cls.env,
            "as_w_import_colleague",
            groups=f"aftersales_warranty.group_warranty_manager,{documents}",
        )

    def claim_lines(self, reference="SEC-1"):
        return [
            CLAIM_HEADER,
            f"{self.units[0].lot_id.name},2025-06-01,,,,repair,done,fixed,0,10,0,,{reference},",
        ]

    def pending_claim_import(self):
        """The manager's claim import, checked (so it has an error line) but not imported."""
        wizard = self.wizard(
            "claim", [*self.claim_lines(), "NOT-A-UNIT,2025-06-01,,,,repair,done,,,,,,,"]
        )
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.error_count), ("checked", 1))
        return wizard

    def assert_hidden_from(self, user, wizard):
        as_user = wizard.with_user(user)
        with self.assertRaises(AccessError):
            as_user.read(["data_file", "filename", "summary"])
        with self.assertRaises(AccessError):
            as_user.error_ids.read(["message"])
        with self.assertRaises(AccessError):
            wizard.error_ids.with_user(user).read(["message"])
        self.assertFalse(as_user.search([("id", "=", wizard.id)]))
        self.assertFalse(
            self.env["aftersales.warranty.import.error"]
            .with_user(user)
            .search([("wizard_id", "=", wizard.id)])
        )
        forged = base64.b64encode("\n".join(self.claim_lines("FORGED-1")).encode())
        with self.assertRaises(AccessError):
            as_user.write({"data_file": forged})
        with self.assertRaises(AccessError):
            as_user.action_import()
        with self.assertRaises(AccessError):
            wizard.error_ids.with_user(user).unlink()

    def test_a_user_of_another_company_cannot_see_or_change_an_import(self):
        wizard = self.pending_claim_import()
        before = self.counts()
        self.assert_hidden_from(self.outsider, wizard)
        self.assertEqual(self.counts(), before)

    def test_a_colleague_cannot_see_or_replace_the_file_of_a_pending_import(self):
        wizard = self.pending_claim_import()
        data_file = wizard.data_file
        self.assert_hidden_from(self.colleague, wizard)
        self.assertEqual(wizard.data_file, data_file)
        # the owner imports their own file, under their own name
        wizard.action_import()
        self.assertEqual(wizard.claim_ids.mapped("import_reference"), ["SEC-1"])
        self.assertEqual(wizard.claim_ids.create_uid, self.warranty_manager)
        self.assertFalse(
            self.env["aftersales.claim"].search([("import_reference", "=", "FORGED-1")])
        )

    def test_an_import_stays_in_its_company(self):
        """The same user does not see their import of a company they have not selected."""
        self.warranty_manager.company_ids = [Command.link(self.other_company.id)]
        wizard = self.pending_claim_import()
        elsewhere = wizard.with_user(self.warranty_manager).with_context(
            allowed_company_ids=self.other_company.ids
        )
        with self.assertRaises(AccessError):
            elsewhere.read(["data_file"])
        with self.assertRaises(AccessError):
            elsewhere.error_ids.read(["message"])
        # nor does anyone start or move an import to a company they do not belong to
        with self.assertRaises(AccessError):
            self.wizard(
                "claim", self.claim_lines(), user=self.colleague, company_id=self.other_company.id
            )
        moved = self.wizard("claim", self.claim_lines(), user=self.colleague)
        with self.assertRaises(AccessError):
            moved.write({"company_id": self.other_company.id})
            moved.action_import()
        self.assertFalse(self.env["aftersales.claim"].search([("import_reference", "=", "SEC-1")]))

    def test_historic_claims_are_for_managers_whatever_the_form_shows(self):
        """The form hides the kind from warranty users; the server refuses it all the same."""
        before = self.counts()
        wizard = self.wizard("registration", [REGISTRATION_HEADER, "C-001,CH-200,K-1,2025-12-20,,"])
        wizard.write(
            {
                "kind": "claim",
                "data_file": base64.b64encode("\n".join(self.claim_lines()).encode()),
            }
        )
        with self.assertRaises(AccessError):
            wizard.action_check()
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertEqual(self.counts(), before)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestWarrantyImportControlCharacters(WarrantyImportCase):
    """A control character in a cell is a row error naming its line and column."""

    def test_registration_cells_with_control_characters(self):
        before = self.counts()
        wizard = self.wizard(
            "registration",
            [
                REGISTRATION_HEADER,
                "C-001,CH-200,GOOD-1,2025-12-20,Cool Shop,",
                "C-0\x0001,CH-200,NUL-1,2025-12-20,,",
                "C-001,CH-200,BELL-\x07,2025-12-20,,",
                "C-001,CH-200,ESC-1,2025-12-20,Shop\x1b[31m,",
                "C-001,CH-200,DEL-1,2025-12-20,\x7f,",
                # tabs and line breaks inside a quoted cell are text
                'C-001,CH-200,GOOD-2,2025-12-20,"Cool\tShop\r\nDowntown",',
            ],
        )
        wizard.action_import()
        self.assertEqual(
            [(line, column) for line, column, _message in self.errors(wizard)],
            [(3, "customer"), (4, "serial"), (5, "seller"), (6, "seller")],
        )
        self.assertIn("U+0000", wizard.error_ids[0].message)
        self.assertIn("U+0007", wizard.error_ids[1].message)
        self.assertEqual((wizard.created_count, wizard.error_count), (2, 4))
        self.assertEqual(sorted(wizard.registration_ids.mapped("serial")), ["GOOD-1", "GOOD-2"])
        after = self.counts()
        self.assertEqual(
            after.pop("aftersales.registration"), before.pop("aftersales.registration") + 2
        )
        self.assertEqual(after, before)

    def test_claim_cells_with_control_characters_leave_nothing(self):
        before = self.counts()
        one, two = (unit.lot_id.name for unit in self.units[:2])
        lines = [
            CLAIM_HEADER,
            f"{one},2025-06-01,,,,repair,done,fixed,0,10,0,,CC-1,Fine",
            f"{two},2025-06-01,,,,repair,done,fixed,0,10,0,,CC-2,Broken\x00here",
            f"{two}\x0c,2025-06-01,,,,repair,done,fixed,0,10,0,,CC-3,",
        ]
        checked = self.wizard("claim", lines, all_or_nothing=True)
        checked.action_import()
        self.assertEqual(
            [(line, column) for line, column, _message in self.errors(checked)],
            [(3, "description"), (4, "serial")],
        )
        self.assertEqual((checked.created_count, checked.state), (0, "checked"))
        self.assertEqual(self.counts(), before)
        wizard = self.wizard("claim", lines)
        wizard.action_import()
        self.assertEqual(wizard.claim_ids.mapped("import_reference"), ["CC-1"])
        self.assertEqual(wizard.error_count, 2)
        self.assertFalse(
            self.env["aftersales.claim"].search_count(
                [("import_reference", "in", ["CC-2", "CC-3"])]
            )
        )

"""Each addon's translation template holds exactly the terms its code and data have now."""

from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS_DIR = Path(__file__).parent.parent / "addons"
ADDONS = ("aftersales_service", "aftersales_warranty", "aftersales_parts")


@tagged("post_install", "-at_install")
class TestTranslationTemplates(TransactionCase):
    def test_templates_are_exported_from_the_current_code(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                terms = {row[4] for row in TranslationModuleReader(self.env.cr, [addon])}
                template = polib.pofile(ADDONS_DIR / addon / "i18n" / f"{addon}.pot")
                shipped = {entry.msgid for entry in template}
                self.assertEqual(
                    (sorted(terms - shipped), sorted(shipped - terms)),
                    ([], []),
                    f"{addon}.pot is out of date (terms missing, terms gone): export it again "
                    f"with `odoo i18n export -d <db> {addon}`",
                )

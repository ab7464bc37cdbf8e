"""Each addon ships its template and complete Vietnamese, Simplified Chinese and Malay files."""

from pathlib import Path

import polib
import pytest

ADDONS = sorted(
    p.parent for p in (Path(__file__).parent.parent / "addons").glob("*/__manifest__.py")
)
LANGUAGES = ["vi", "zh_CN", "ms"]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda path: path.name)
def test_every_term_of_the_template_is_translated(addon):
    template = polib.pofile(addon / "i18n" / f"{addon.name}.pot")
    source_terms = {entry.msgid for entry in template}
    assert source_terms, f"{addon.name}.pot holds no terms"
    for language in LANGUAGES:
        catalogue = polib.pofile(addon / "i18n" / f"{language}.po")
        translated = {entry.msgid for entry in catalogue.translated_entries()}
        assert source_terms <= translated, (language, sorted(source_terms - translated))


@pytest.mark.parametrize("addon", ADDONS, ids=lambda path: path.name)
def test_catalogues_hold_no_term_the_template_dropped(addon):
    template = polib.pofile(addon / "i18n" / f"{addon.name}.pot")
    source_terms = {entry.msgid for entry in template}
    for language in LANGUAGES:
        catalogue = polib.pofile(addon / "i18n" / f"{language}.po")
        stale = {entry.msgid for entry in catalogue if not entry.obsolete} - source_terms
        assert not stale, (language, sorted(stale))

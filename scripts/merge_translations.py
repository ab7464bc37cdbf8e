"""Merge each addon's catalogues with its freshly exported template and fill them.

    merge_translations.py ADDON... -- [TRANSLATIONS.json...]

Translations already in a catalogue are kept, terms the template no longer holds are dropped,
empty ones are filled from the JSON files ({"msgid": {"vi": ..., "zh_CN": ..., "ms": ...}}).
Prints the terms still untranslated per addon and language; exits 1 when there are any.
"""

import json
import sys
from pathlib import Path

import polib

LANGUAGES = ("vi", "zh_CN", "ms")
ADDONS_DIR = Path(__file__).resolve().parent.parent / "addons"


def load_translations(paths):
    translations = {}
    for path in paths:
        for msgid, by_language in json.loads(Path(path).read_text()).items():
            translations.setdefault(msgid, {}).update(by_language)
    return translations


def merge_catalogue(template, path, translations):
    old = polib.pofile(path)
    known = {entry.msgid: entry.msgstr for entry in old if entry.msgstr and not entry.obsolete}
    language = path.stem
    new = polib.POFile(wrapwidth=old.wrapwidth)
    new.header = old.header
    new.metadata = old.metadata
    missing = []
    for entry in template:
        msgstr = known.get(entry.msgid) or translations.get(entry.msgid, {}).get(language, "")
        new.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
        if not msgstr:
            missing.append(entry.msgid)
    new.save(path)
    return missing


def main(argv):
    separator = argv.index("--") if "--" in argv else len(argv)
    addons, json_paths = argv[:separator], argv[separator + 1 :]
    translations = load_translations(json_paths)
    untranslated = {}
    for addon in addons:
        i18n = ADDONS_DIR / addon / "i18n"
        template = polib.pofile(i18n / f"{addon}.pot")
        for language in LANGUAGES:
            missing = merge_catalogue(template, i18n / f"{language}.po", translations)
            if missing:
                untranslated[f"{addon}/{language}"] = missing
    if untranslated:
        json.dump(untranslated, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

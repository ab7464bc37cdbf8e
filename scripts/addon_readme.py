"""Write each addon's README.md from its readme/ fragments (the OCA layout).

python scripts/addon_readme.py           # rewrite the READMEs
python scripts/addon_readme.py --check   # exit 1 when one is out of date (run by the tests)
"""

import ast
import sys
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def render(addon: Path) -> str:
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [
        f"# {manifest['name']}\n",
        f"{manifest['summary']}\n",
        f"Version {manifest['version']}, license {manifest['license']}.\n",
        "<!-- Generated from readme/ by scripts/addon_readme.py: edit the fragments. -->\n",
    ]
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if path.is_file():
            if title:
                parts.append(f"## {title}\n")
            parts.append(path.read_text().strip() + "\n")
    return "\n".join(parts)


def main(check: bool) -> int:
    stale = []
    for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
        addon = manifest.parent
        readme = addon / "README.md"
        text = render(addon)
        if readme.is_file() and readme.read_text() == text:
            continue
        if check:
            stale.append(str(readme))
        else:
            readme.write_text(text)
    for path in stale:
        print(f"{path} is out of date: run python scripts/addon_readme.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))

"""Screenshots of the running demo for the user guides in docs/, one set per role.

Start the demo first (`scripts/run.sh`), then, with the project's virtualenv:

    ~/.cache/aftersales/venv/bin/python scripts/screenshots.py [--url http://localhost:8069]
        [--db aftersales] [--only planner]

Each demo user logs in (the password is the login), headless Chromium opens the pages of
SHOTS and saves them as docs/screenshots/<login>-<name>.png, replacing the old ones. Chromium is
driven over its DevTools protocol (websocket-client); nothing is installed in the browser.
"""

import argparse
import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 900
#: What a page shows once loaded: the web client's view, or a portal page's content (the
#: portal home's cards come after their counters, behind a spinner).
READY = (
    "(document.querySelector('.o_action_manager > .o_action, #wrap .o_portal_wrap, "
    "#wrap form, #wrap table') !== null) && !document.querySelector('.o_loading_indicator')"
    " && !document.querySelector('.o_portal_doc_spinner')"
)

#: login -> [(name, path)]: the pages of each role's guide, in the guide's order.
SHOTS = {
    "agent": [
        ("service-requests", "/odoo/service-requests"),
        ("installed-base", "/odoo/action-aftersales_service.action_installed_base"),
    ],
    "technician": [
        ("visits", "/odoo/action-aftersales_service.action_visits"),
    ],
    "warranty": [
        ("claims", "/odoo/action-aftersales_warranty.action_claims"),
    ],
    "manager": [
        ("dashboard", "/odoo/action-aftersales_warranty.action_warranty_dashboard"),
        ("failure-rate", "/odoo/action-aftersales_warranty.action_failure_rate_summary_as_of"),
    ],
    "planner": [
        ("forecast-runs", "/odoo/parts-forecasts"),
        ("suggestions", "/odoo/parts-suggestions"),
    ],
    "customer": [
        ("portal-home", "/my"),
        ("portal-claims", "/my/claims"),
    ],
}


def session_of(url, db, login):
    """A session cookie of ``login`` logged in with the password ``login``."""
    http = requests.Session()
    page = http.get(f"{url}/web/login", params={"db": db}, timeout=30)
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = http.post(
        f"{url}/web/login",
        data={"login": login, "password": login, "db": db, "csrf_token": token},
        timeout=30,
    )
    if "/web/login" in answer.url:
        sys.exit(f"{login} could not log in on {url} (database {db})")
    return http.cookies["session_id"]


class Browser:
    """Headless Chromium, driven over the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="aftersales-shots-")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline:
                sys.exit("Chromium did not open its DevTools port")
            time.sleep(0.2)
        port = port_file.read_text().split()[0]
        targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=10).json()
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_until(self, expression, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if result.get("result", {}).get("value"):
                return True
            time.sleep(0.3)
        return False

    def shoot(self, url, session, path, target):
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=session, url=url)
        self.call("Page.navigate", url=f"{url}{path}")
        if not self.wait_until(READY):
            print(f"  {path}: not loaded after 60 s, shot as it is", file=sys.stderr)
        # let the last data and fonts paint
        self.wait_until("document.fonts.status === 'loaded'", timeout=10)
        image = self.call("Page.captureScreenshot", format="png")["data"]
        target.write_bytes(base64.b64decode(image))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="aftersales")
    parser.add_argument("--only", choices=sorted(SHOTS), help="one role's screenshots")
    args = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        for login, pages in SHOTS.items():
            if args.only and login != args.only:
                continue
            session = session_of(args.url, args.db, login)
            for name, path in pages:
                target = OUTPUT / f"{login}-{name}.png"
                browser.shoot(args.url, session, path, target)
                print(f"{target.relative_to(ROOT)}  ({login}: {path})")
    finally:
        browser.close()


if __name__ == "__main__":
    main()

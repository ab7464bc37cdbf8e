"""Put ``addons/aftersales_parts`` on ``sys.path`` so that ``import forecasting`` works."""

import pathlib
import sys

ADDON = pathlib.Path(__file__).resolve().parents[2] / "addons" / "aftersales_parts"
if str(ADDON) not in sys.path:
    sys.path.insert(0, str(ADDON))

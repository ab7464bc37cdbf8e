"""Spare-parts demand forecasting engine: pure Python + NumPy, no Odoo import.

Usable as ``odoo.addons.aftersales_parts.forecasting`` or, with ``addons/aftersales_parts`` on
``sys.path``, as ``forecasting``. Modules: :mod:`.methods` (forecasting methods, vectorised over
series), :mod:`.classification` (ADI/CV²), :mod:`.selection` (automatic choice),
:mod:`.accuracy` (MASE, RMSSE, bias, rolling origin), :mod:`.stock_policy` (lead-time demand,
order-up-to levels, simulation), :mod:`.planning` (all in one call), :mod:`.csv_io` and
:mod:`.cli` (command line). See ``readme/FORECASTING.md``.
"""

from .accuracy import evaluate, rolling_origin, summarise
from .classification import adi_cv2, classify
from .methods import METHODS, forecast
from .planning import plan
from .selection import auto_forecast, choose_methods
from .stock_policy import calibrate_target, lead_time_demand, order_up_to, simulate

__all__ = [
    "METHODS",
    "adi_cv2",
    "auto_forecast",
    "calibrate_target",
    "choose_methods",
    "classify",
    "evaluate",
    "forecast",
    "lead_time_demand",
    "order_up_to",
    "plan",
    "rolling_origin",
    "simulate",
    "summarise",
]

"""``python -m forecasting`` (or ``python -m odoo.addons.aftersales_parts.forecasting``)."""

import sys

from .cli import main

sys.exit(main())

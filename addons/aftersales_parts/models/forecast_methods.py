"""The forecasting engine's methods (``forecasting.methods.METHODS``) in words."""

FORECAST_METHODS = [
    ("zero", "No Demand Expected"),
    ("naive", "Last Month Repeated"),
    ("ma12", "12-Month Moving Average"),
    ("ses", "Exponential Smoothing"),
    ("ses_opt", "Exponential Smoothing, Fitted"),
    ("croston", "Croston (Intermittent Demand)"),
    ("croston_opt", "Croston, Fitted"),
    ("sba", "Syntetos-Boylan (Intermittent Demand)"),
    ("sba_opt", "Syntetos-Boylan, Fitted"),
    ("tsb", "Teunter-Syntetos-Babai (Fading Demand)"),
    ("tsb_opt", "Teunter-Syntetos-Babai, Fitted"),
    ("decline", "Declining Demand"),
    ("adida", "Yearly Totals Spread over Months (ADIDA)"),
    ("imapa", "Several Time Scales Combined (IMAPA)"),
]

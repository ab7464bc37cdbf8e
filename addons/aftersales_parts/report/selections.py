CRITICALITY = [("vital", "Vital"), ("essential", "Essential"), ("desirable", "Desirable")]
LIFECYCLE = [
    ("active", "Active"),
    ("phase_out", "Phase-out"),
    ("last_time_buy", "Last-Time Buy"),
    ("obsolete", "Obsolete"),
]

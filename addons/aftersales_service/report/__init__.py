from . import aftersales_first_time_fix

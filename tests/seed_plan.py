"""The seed plan 15/KH-BDT, for tests (the content lives in thidua/seed_plan.py, which the demo data uses too)."""
from thidua.seed_plan import *  # noqa: F401,F403
from thidua.seed_plan import seed_plan_document  # noqa: F401

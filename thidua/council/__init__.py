"""The council of the Committee: its roster, its vote rules and the arithmetic of its votes."""

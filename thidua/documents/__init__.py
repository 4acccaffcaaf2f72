"""Documents the app produces in the national administrative format (Decree 30/2020/NĐ-CP)."""

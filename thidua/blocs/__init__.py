"""Emulation blocs (cụm, khối thi đua): compact, scoring rounds, ranking and the bloc's vote (DOMAIN.md §7)."""

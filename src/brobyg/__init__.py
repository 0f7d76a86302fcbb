"""Brobyg: software for local partnerships that bridge citizens into voluntary communities."""

"""Shared Discord UI: base views, pagination, confirmation, embed helpers."""

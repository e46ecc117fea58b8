"""Delegates of the governance context: constituencies and their delegates (Art 44)."""

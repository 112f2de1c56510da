"""Bundled YAML: the field catalogue and the call scripts (package data)."""

"""Maintainer tool: validate the registry and generate every artifact from it."""

"""Geodata: the regional gazetteer, place finding in text, and geocoding."""

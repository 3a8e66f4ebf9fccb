"""Wijk profiles: what the wijkvernieuwing aims for per theme, and the indicator figures."""

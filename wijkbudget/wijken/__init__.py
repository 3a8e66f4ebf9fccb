"""Wijken (neighbourhoods) and their yearly rounds: public pages and the rules for changing them."""

"""The public pages: start page, "Hoe werkt het?", and the health check."""

"""Exports for the gemeente: CSV, XLSX and the PDF report, per round and across wijken."""

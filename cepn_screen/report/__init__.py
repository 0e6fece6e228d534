"""Renderers: one module per output format, all fed by report.serialize."""

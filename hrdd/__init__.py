"""hrdd: human-rights due diligence for ICT companies exposed to Belarus Decree No. 368."""

__version__ = "0.1.0"

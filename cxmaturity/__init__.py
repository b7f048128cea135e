"""cxmaturity: measure an organisation's customer-experience maturity and plan what to do next."""

__version__ = "0.1.0"

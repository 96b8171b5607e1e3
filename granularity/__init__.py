"""granularity: where the function boundaries of a serverless Python app should be."""

__version__ = "0.1.0"

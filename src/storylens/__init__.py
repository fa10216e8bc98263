"""storylens: news articles into stories a person can trust."""
__version__ = "0.1.0"

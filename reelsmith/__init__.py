"""reelsmith: photos and clips in, a finished video out, by conversation."""

__version__ = "0.1.0"

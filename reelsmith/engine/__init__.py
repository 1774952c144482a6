"""The embedded default backend: timeline model, editor, music, ffmpeg renderer.

Import from the submodules (`reelsmith.engine.render.render`, `.draft`, ...); the curated public
API is in the top-level `reelsmith` package (reelsmith/api.py).
"""

"""The draft (timeline) model, its JSON Schema, and the engine's limits."""

"""The embedded default backend, in layers (each may import only those below it; lint-imports checks):

- service/  the HTTP app, routes per resource, render jobs, the server
- edit/     the editor: editable draft, operations, planners, one conversation turn
- render/   drafts to MP4 (beside edit/, independent of it)
- storage/  SQLite records, content-addressed files, uploads and URL fetches
- media/    probing, the ffmpeg binary, fonts, generated music
- model/    the draft model, its JSON Schema, the engine's limits

The curated public API is in the top-level `reelsmith` package; `reelsmith.local` starts this engine.
"""

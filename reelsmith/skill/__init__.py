"""The client of the video backend protocol (auth, sessions, upload, stream, state, export).

Not built yet: see the open issue "The skill client". `reelsmith make` calls the engine
in-process until it lands.
"""

"""reelsmith from Python: one call, then a session with the event stream. CI runs this file.

python examples/python_api.py [out-dir]
"""

from __future__ import annotations

import sys
from pathlib import Path

import reelsmith

HERE = Path(__file__).parent
out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/python-api")
out.mkdir(parents=True, exist_ok=True)

# 1. photos in, MP4 out
video = reelsmith.make(
    [HERE / "photos"], 'a 10 second slideshow with music, title "Hello"', out / "one-call.mp4", quality="draft"
)
print(f"made {video.path} ({video.duration:g}s, {video.width}x{video.height})\n  {video.summary}")

# 2. the same backend, step by step, following the stream as events
with reelsmith.connect() as client:
    s = client.new_session()
    s.upload(sorted((HERE / "photos").glob("*.jpg"))[:3])
    for request in ("turn my photos into a slideshow with music", "make it vertical, 8 seconds"):
        for event in s.say(request):
            if event.kind == "tool_call":
                print(f"  edit: {event.name}")
            elif event.kind == "done":
                print(f"  {event.data['summary']}")
    result = s.export(out / "session.mp4", "draft")
    print(f"saved {result.path} ({result.size / 2**20:.1f} MB); credits: {client.credits()}")

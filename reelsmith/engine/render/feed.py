"""Every prepared photo reaches ffmpeg through one raw pipe, in the order the video shows them, so the
encode starts once the first photo is ready and the others are prepared beside it.

ffmpeg opens all of its inputs before it runs, and its graph starts once every input has given a
frame. With a file per photo, the encode waited for the last photo to be prepared: 0.7 s of a
six-photo `reelsmith make`, seconds for a hundred photos. The pipe is one input of fixed-size raw
frames, frame j being photo j padded at its right and bottom to the largest photo's size; the graph
splits it and takes frame j back out, cropped to photo j's own size. The frames are bgr24, the
format the prepared photos are kept in (stills.py), so each is read and padded in one copy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, wait
from pathlib import Path
from typing import BinaryIO

import numpy as np

Size = tuple[int, int]

# frames ffmpeg may hold between reading the pipe and the graph: the frames are as large as the
# largest photo, and the graph wants them one photo at a time
QUEUE = "2"
POLL = 0.25  # s between looks at whether the render was stopped while a photo is prepared


class FeedError(RuntimeError):
    pass


def feed_size(sizes: Sequence[Size]) -> Size:
    """The pipe's frame size: wide enough for the widest photo and tall enough for the tallest."""
    return max(w for w, _ in sizes), max(h for _, h in sizes)


def feed_input(sizes: Sequence[Size], fps: int) -> list[str]:
    """ffmpeg's options for the pipe. Raw frames need no stream analysis, which would wait for frames
    before ffmpeg opened its other inputs: their size, format and rate are all given here (`-r` too,
    as without the analysis the stream has no frame rate, and transitions refuse a stream without one)."""
    w, h = feed_size(sizes)
    rate = ["-framerate", str(fps), "-r", str(fps)]
    return [
        "-f",
        "rawvideo",
        "-pixel_format",
        "bgr24",
        "-video_size",
        f"{w}x{h}",
        *rate,
        "-thread_queue_size",
        QUEUE,
    ] + [
        "-nofind_stream_info",
        "-i",
        "pipe:0",
    ]


def feed_lines(k: int, sizes: Sequence[Size], labels: Sequence[str]) -> list[str]:
    """The graph's side: input k split into one stream per photo, each keeping its own frame, cropped
    from the padding, as [label]. The crop is pinned to bgr24 on both sides: left to negotiate, ffmpeg
    converted the whole padded frame to the next filter's yuv420p before cropping (the padding's colour
    then bled into an odd-sized photo's last chroma column, and an odd size was rounded down)."""
    n = len(sizes)
    lines = [f"[{k}:v]split={n}" + "".join(f"[{label}p]" for label in labels)]
    for j, ((w, h), label) in enumerate(zip(sizes, labels, strict=True)):
        take = f"trim=start_frame={j}:end_frame={j + 1},setpts=PTS-STARTPTS"
        lines.append(f"[{label}p]{take},format=bgr24,crop={w}:{h}:0:0:exact=1,format=bgr24[{label}]")
    return lines


class StillFeed:
    """Writes the prepared photos (futures of their raw bgr24 files) into the pipe as they become ready.
    It can be run again from the start (the encode is retried once if ffmpeg crashes)."""

    def __init__(self, stills: Sequence[Future[Path]], sizes: Sequence[Size], stopped: Callable[[], bool]):
        if len(stills) != len(sizes):
            raise FeedError(f"{len(stills)} photos prepared for {len(sizes)} in the graph")
        self.stills, self.sizes, self.stopped = list(stills), list(sizes), stopped

    def __call__(self, sink: BinaryIO) -> None:
        fw, fh = feed_size(self.sizes)
        frame = np.zeros((fh, fw, 3), np.uint8)
        for still, (w, h) in zip(self.stills, self.sizes, strict=True):
            try:
                path = self._ready(still)
            except BaseException:
                for rest in self.stills:  # a render that will not finish prepares no more photos
                    rest.cancel()
                raise
            pixels = np.fromfile(path, np.uint8)
            if pixels.size != w * h * 3:  # the graph crops by the size it was planned with
                raise FeedError(f"{path.name} holds {pixels.size} bytes, planned as {w}x{h}")
            if (w, h) == (fw, fh):
                sink.write(pixels.data)
                continue
            frame[:h, :w] = pixels.reshape(h, w, 3)
            frame[:h, w:] = 0  # what the last photo left there
            frame[h:] = 0
            sink.write(frame.data)

    def _ready(self, still: Future[Path]) -> Path:
        """The photo's file once prepared (its own error if it could not be), unless the render stops first."""
        while not wait([still], timeout=POLL).done and not self.stopped():
            pass
        if still.cancelled() or self.stopped():  # a photo is only ever cancelled when the render stops
            raise FeedError("cancelled")
        return still.result()

"""The generated music's effects after the voices: chorus on the harmony, then the mix bus (a low
cut, a presence lift, a glue compressor). Spotify's pedalboard (JUCE's DSP) runs them; its
processors keep their state between calls (`reset=False`), so the track streams through them in
blocks and sounds the same as if it went through in one piece.

The reverb stays the convolution in music_synth.py: it is tuned per mood and already streamed.
"""

from __future__ import annotations

import numpy as np
import pedalboard as pb

from reelsmith.engine.media.music_moods import Mood

# the voices that get the chorus: sustained harmony, widened and thickened; the beat and the bass
# stay dry and centred so they keep their punch and play on a mono speaker
CHORUSED = frozenset({"pad", "strings", "epiano", "stab", "horn"})
BUFFER = 512  # samples per processing call inside pedalboard; every block we pass is longer


class Chain:
    """One mood's effects, fed the track in order, block by block."""

    def __init__(self, m: Mood, sr: int) -> None:
        self.sr = sr
        # one chorus a side at different rates: the two sides drift apart, so the harmony widens
        # (JUCE's chorus moves both channels of one instance together)
        self.sides = [
            pb.Pedalboard([pb.Chorus(rate_hz=rate, depth=0.18, centre_delay_ms=9.0, feedback=0.0, mix=m.chorus)])
            for rate in (0.6, 0.77)
        ]
        bus: list[pb.Plugin] = [pb.HighpassFilter(cutoff_frequency_hz=32.0)]  # rumble no speaker plays
        if m.presence_db:
            bus.append(pb.PeakFilter(cutoff_frequency_hz=3000.0, gain_db=m.presence_db, q=0.7))
        if m.air_db:
            bus.append(pb.HighShelfFilter(cutoff_frequency_hz=8000.0, gain_db=m.air_db))
        # slow attack lets the transients through; the compressor only leans on the loud passages
        bus.append(pb.Compressor(threshold_db=-11.0, ratio=m.glue, attack_ms=20.0, release_ms=250.0))
        self.bus = pb.Pedalboard(bus)

    def harmony(self, x: np.ndarray) -> np.ndarray:
        """The chorused voices' next block, (n, 2) float32."""
        return np.concatenate([self._run(side, x[:, ch : ch + 1]) for ch, side in enumerate(self.sides)], axis=1)

    def master(self, x: np.ndarray) -> np.ndarray:
        """The whole mix's next block, (n, 2) float32."""
        return self._run(self.bus, x)

    def _run(self, board: pb.Pedalboard, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return x
        # a processor is prepared for the largest block its first call may pass; a later call with a
        # larger one prepares it again, losing its state: a small fixed size keeps the stream whole
        y = board.process(np.ascontiguousarray(x.T, np.float32), self.sr, buffer_size=BUFFER, reset=False)
        return np.ascontiguousarray(y.T)

"""A render's sound, made beside its picture: the mix graph (making a generated song on the way), the
mix measured for loudness, then mastered and encoded to AAC in a file of its own for the mux.

The picture's encode keeps both cores busy for most of a render and this is a few seconds of light
work, so run on a thread of its own it costs the render almost no time; run before the encode, as it
was, it cost a second of a 30 s slideshow (mostly making the music).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reelsmith.engine.media import ffmpeg, loudness
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.audio import audio_tail, sound_script
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.compile import compile_sound
from reelsmith.engine.render.script import Script, media_input


def make_sound(
    draft: Draft,
    cv: Canvas,
    total_frames: int,
    resolve: Callable[[str], str],
    probe: Callable[[str], MediaInfo],
    scratch: Path,
    codec: list[str],
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """The draft's sound as `scratch`/sound.m4a: exactly as long as `total_frames` of video (silence
    when there is nothing to hear), at -14 LUFS, faded with the picture, encoded with `codec`."""
    mix_wav, lufs = mix(compile_sound(draft, cv, total_frames, resolve, probe), scratch, cancel)
    tail = sound_script(total_frames, cv.fps)
    audio_tail(tail, mix_wav, lufs, draft.m.fade_in / 1000, draft.m.fade_out / 1000)
    script = scratch / "sound-graph.txt"
    script.write_text(";\n".join(tail.lines), encoding="utf-8")
    out = scratch / "sound.m4a"
    ffmpeg.run(tail.args_for(script, "[aout]") + [*codec, media_input(out)], cancel=cancel)
    return out


def mix(audio: Script | None, scratch: Path, cancel: Callable[[], bool] | None) -> tuple[Path | None, float | None]:
    """Mix all sound to one WAV and measure its integrated loudness (EBU R128)."""
    if audio is None:
        return None, None
    script = scratch / "audio-graph.txt"
    script.write_text(";\n".join(audio.lines), encoding="utf-8")
    wav = scratch / "mix.wav"
    log = ffmpeg.run(
        audio.args_for(script, "[amix]") + ["-c:a", "pcm_f32le", media_input(wav)],
        loglevel="info",
        cancel=cancel,
    )
    return wav, loudness.from_log(log)

"""Cutting on the beat of the music, or not."""

from __future__ import annotations

from typing import ClassVar

from reelsmith.engine.edit import beat_sync
from reelsmith.engine.edit.ops.base import Op
from reelsmith.engine.edit.work import Work


class SetBeatSync(Op):
    """Cut on the beat: photo cuts and transitions land on the music's beats (bars for slow music);
    on by default. on=false ("don't sync to the music") spreads the photos evenly instead."""

    name: ClassVar[str] = "set_beat_sync"
    on: bool = True

    def apply(self, w: Work) -> str:
        was = w.meta.ed.beat_sync
        if self.on:
            w.meta.ed.unset("beat_sync")  # the default: the draft only ever notes "off"
        else:
            w.meta.ed.beat_sync = False
        music = beat_sync.music_grid(w) is not None
        if not self.on:
            if was:
                beat_sync.respread(w)
            return w.ctx.say(
                "cuts no longer follow the music's beat: photos re-timed to share the time evenly",
                "不再卡点：照片时长平均分配",
            )
        if not music:
            return w.ctx.say(
                "cuts will land on the beat once there is music (there is none now)",
                "有音乐后剪辑点会卡在节拍上（现在没有音乐）",
            )
        return w.ctx.say(
            "cuts on the beat: photos and transitions change on the music's beats"
            + ("" if was else " (photos re-timed)"),
            "卡点：照片和转场在音乐节拍上切换" + ("" if was else "（照片时长已调整）"),
        )

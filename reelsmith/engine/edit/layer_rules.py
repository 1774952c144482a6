"""The offline planner's rules for what sits over and under the pictures: music, colour, logo.

Each rule reads the request as `planner.plan` left it (the words earlier rules used
blanked out), adds operations to the plan, and blanks the words it used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops, refs
from reelsmith.engine.edit.text_rules import PLACES
from reelsmith.engine.edit.words import NUMBER, percent_in, word_number
from reelsmith.engine.edit.work import Work, stem
from reelsmith.engine.media.music_moods import ALIASES, MOODS  # the names only: no numpy for an edit
from reelsmith.engine.model.choices import CORNERS, Position

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest

ZH_MOODS = {
    "欢快": "upbeat",
    "活泼": "upbeat",
    "动感": "upbeat",
    "轻松": "calm",
    "舒缓": "calm",
    "安静": "calm",
    "电影": "cinematic",
    "史诗": "cinematic",
    "大气": "cinematic",
    "商务": "corporate",
    "企业": "corporate",
    "低保真": "lofi",
    "慵懒": "lofi",
}


def music(r: Rest, w: Work, p: Plan, build: bool) -> None:
    has = bool(w.audio())
    if r.search(
        r"no music|without music|"
        r"(?:remove|delete|drop|kill|mute|lose|turn off) (?:the )?(?:music|song|soundtrack|bgm)|"
        r"去掉音乐|不要音乐|删除音乐|关掉音乐|去掉背景音乐|不要配乐"
    ):
        if not build:
            p.ops.append(ops.Remove(target="music"))
        return
    songs = [u for u in w.ctx.uploads if u.file_type == "audio"]
    mine = has and not w.audio()[0].ed.mood  # the person's own song is playing
    mood = _relative_mood(r, w, p)
    for word in sorted(list(MOODS) + list(ALIASES), key=len, reverse=True):
        if mood is not None:
            break
        # with a song of their own, or for words that are also about the video ("a fun promo", "pop in"),
        # a mood counts only when it is said of the music
        loose = not (songs or mine) and word not in ("pop", "fun", "promo", "opening", "launch", "party", "birthday")
        said = rf"\b{re.escape(word)}\b(?! ?(?:look|filter|colou?rs?|tones?|style))"
        if not loose:
            said = rf"\b{re.escape(word)}\b(?= (?:\w+ )?{MUSIC})|{MUSIC} (?:\w+ ){{0,2}}\b{re.escape(word)}\b"
        if r.search(said):
            mood = ALIASES.get(word, word)
    for word, m_name in ZH_MOODS.items():
        if mood is None and r.search(word if not (songs or mine) else rf"{word}的?(?:音乐|配乐)"):
            mood = m_name
    track = None
    if m := r.search(r"use (?:my|the)(?: uploaded)? (?:song|track|music|audio)(?: ([\w-]+))?|用我的音乐|用上传的音乐"):
        named = m[1] if m[1] and m[1] != "instead" else None
        track = named or (stem(songs[0].path) if songs else "song")
    volume = None
    if r.search(r"music|song|bgm|音乐|音量|配乐", take=False):
        if (pct := percent_in(r.low)) is not None:
            volume = pct * 100
            r.search(r"\d+(?:\.\d+)?\s*(?:%|percent)|百分之[\d零一二两三四五六七八九十百]+|half (?:the )?volume")
        elif r.search(r"(?:quieter|softer|lower|down|less loud)|小一点|小声|调低|降低"):
            volume = round(_volume(w) * 60)
        elif r.search(r"(?:louder|up|more music|higher)|大一点|大声|调高|提高"):
            volume = min(150, round(_volume(w) * 150))
    fade_in = fade_out = None
    if m := r.search(rf"fade (?:the music )?in[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b"):
        fade_in = word_number(m[1])
    if m := r.search(
        rf"fade (?:the music )?out[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b|"
        rf"music[^,.;]{{0,20}}fade out[^,.;]{{0,12}}?({NUMBER}) ?(?:s|sec|seconds?)\b"
    ):
        fade_out = word_number(m[1] or m[2])
    elif r.search(r"fade (?:the music )?out|music fades? out|音乐淡出"):
        fade_out = 3.0
    wants = r.search(
        r"(?:with|add|some|and|put|background) (?:some )?(?:music|song|soundtrack)|"
        r"配乐|加音乐|背景音乐|音乐"
    )
    asked = mood or track or volume is not None or fade_in is not None or fade_out is not None
    if asked or (wants and not has and not build):
        p.ops.append(ops.SetMusic(mood=mood, track=track, volume=volume, fade_in=fade_in, fade_out=fade_out))


MUSIC = r"(?:music|song|soundtrack|track|tune|beat|bgm)"
CALMER = (
    r"calmer|more relaxed|more relaxing|gentler|mellower|less intense|chill(?:er)?|"
    r"更舒缓|舒缓一点|安静一点|轻柔一点|柔和一点"
)
LIVELIER = (
    r"more energetic|livelier|more upbeat|happier|more exciting|punchier|更欢快|欢快一点|更有活力|更动感|动感一点"
)


def _relative_mood(r: Rest, w: Work, p: Plan) -> str | None:
    """ "calmer music", "更欢快的音乐": a mood relative to the one playing."""
    for pat, mood in ((CALMER, "calm"), (LIVELIER, "upbeat")):
        if r.search(
            rf"(?:{pat})[^,.;，。]{{0,12}}(?:{MUSIC}|音乐|配乐)|(?:{MUSIC}|音乐|配乐)[^,.;，。]{{0,12}}(?:{pat})"
        ):
            now = w.audio()[0].ed.mood if w.audio() else None
            if now == mood:
                p.notes.append(
                    (
                        f"the music is already {mood}, the {'calmest' if mood == 'calm' else 'liveliest'} mood I have",
                        f"音乐已经是{mood}，没有更{'舒缓' if mood == 'calm' else '欢快'}的了",
                    )
                )
                return None
            return mood
    if r.search(rf"(?:change|different|another|new|switch) (?:the )?{MUSIC}|换(?:个|首|一首)?(?:音乐|歌|配乐)"):
        p.say_ask(
            "Which music? Say a mood (calm, upbeat, cinematic, corporate, lofi, festive, romantic) or upload a song.",
            "换成什么音乐？可以说风格（舒缓、欢快、电影感、商务、低保真、节日、浪漫），或上传一首歌。",
        )
    return None


def _volume(w: Work) -> float:
    """The music's volume now (0.6, the usual level, when there is no music yet)."""
    music = w.audio()
    return music[0].vol if music else 0.6


def filters(r: Rest, w: Work, p: Plan) -> None:
    looks = (
        (r"black (?:and|&) white|\bb ?& ?w\b|monochrome|grayscale|greyscale|黑白", "bw"),
        (r"\bwarm(?:er)?\b|暖色|暖调|温暖", "warm"),
        (r"\bcool(?:er)? (?:look|tones?|colou?rs?|filter)|\bcold(?:er)?\b|冷色|冷调", "cool"),
        (r"vivid|saturated|punchy|vibrant|pop(?:ping)? colou?rs|鲜艳|饱和", "vivid"),
        (r"no filter|original colou?rs|remove (?:the )?(?:filter|colou?r)|in colou?r|去掉滤镜|原色", "none"),
    )
    for pat, look in looks:
        if r.search(pat):
            found = refs.find(r.low, w.video)  # "warm filter on the second photo": that photo only
            p.ops.append(ops.SetFilter(look=look, item=found[0].pos if found else None))
            if found:
                r.take(found[0].start, found[0].end)
            r.search(r"\b(?:filter|look|tones?)\b|滤镜|色调")
            return


def logo(r: Rest, w: Work, p: Plan) -> None:
    if r.search(r"(?:remove|delete|drop|no|hide) (?:the )?logo|去掉(?:logo|标志)|不要(?:logo|标志)"):
        p.ops.append(ops.Remove(target="logo"))
        return
    if not r.search(r"logo|标志|商标", take=False):
        return
    size = None
    now = w.overlays()[0].size if w.overlays() else 0.12
    if m := r.search(r"(?:a (?:bit|little) |slightly |much )?(?:bigger|larger)|大一点|大一些|放大|改大"):
        size = now * (1.15 if re.search(r"bit|little|slightly|一点|一些", m[0]) else 1.6 if "much" in m[0] else 1.3)
    elif m := r.search(r"(?:a (?:bit|little) |slightly |much )?smaller|小一点|小一些|缩小|改小"):
        size = now * (0.85 if re.search(r"bit|little|slightly|一点|一些", m[0]) else 0.6 if "much" in m[0] else 0.75)
    size = round(min(0.6, max(0.03, size)), 3) if size else None
    if r.search(r"end card|outro|at the end|closing|片尾|结尾"):
        p.ops.append(ops.SetLogo(placement="end"))
    elif r.search(r"intro|opening|at the start|beginning|片头|开头"):
        p.ops.append(ops.SetLogo(placement="intro"))
    elif (pos := _position(r.low)) and pos in CORNERS:
        p.ops.append(ops.SetLogo(placement=pos, size=size))
        r.search("|".join(pat for pat, place in PLACES if place == pos))
    elif size or r.search(r"(?:add|put|with|show|include) (?:the |my |our )?logo|加上?(?:logo|标志)", take=False):
        p.ops.append(ops.SetLogo(size=size))
    else:
        return
    r.search(r"(?:add|put|with|show|include|move) (?:the |my |our )?logo|加上?(?:logo|标志)|logo|标志|商标")


def _position(s: str) -> Position | None:
    return next((pos for pat, pos in PLACES if re.search(pat, s)), None)

"""The offline planner's rules for what sits over and under the pictures: music, colour, logo.

Each rule reads the request as `planner.plan` left it (the words earlier rules used
blanked out), adds operations to the plan, and blanks the words it used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops, refs
from reelsmith.engine.edit.places import place
from reelsmith.engine.edit.styles import STYLES, occasion_mood, zh_music
from reelsmith.engine.edit.words import NUMBER, percent_in, word_number
from reelsmith.engine.edit.work import Work, stem
from reelsmith.engine.media.music_moods import ALIASES, MOODS  # the names only: no numpy for an edit
from reelsmith.engine.model.choices import CORNERS

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
    "浪漫": "romantic",
    "温馨": "romantic",
    "抒情": "romantic",
    "节日": "festive",
    "喜庆": "festive",
    "过节": "festive",
}


def music(r: Rest, w: Work, p: Plan, build: bool) -> None:
    has = bool(w.audio())
    if r.search(
        r"no music|without music|"
        r"(?:remove|delete|drop|kill|mute|lose|turn off) (?:the )?(?:music|song|soundtrack|bgm)"
        r"(?! (?:during|while|when|whenever|under|for|behind|over) )|"
        r"(?:去掉|不要|删除|删掉|关掉|不用|取消)(?:背景)?(?:音乐|配乐|bgm)|(?:音乐|配乐|bgm)(?:关掉|去掉|不要了)"
    ):
        if not build:
            p.ops.append(ops.Remove(target="music"))
        return
    ducking = _duck(r, w, p)  # first: "music lower when people talk" is not a volume for the whole song
    duck: bool | None = None
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
        # "安静一点" (a bit quieter) is the volume, and "欢快一点" a mood relative to the one playing
        said = rf"{word}(?!一?[点些])"
        if mood is None and r.search(said if not (songs or mine) else rf"{word}的?(?:音乐|配乐)"):
            mood = m_name
    if mood is None and build and not songs:
        mood = occasion_mood(r.orig)
    if mood is None and r.search(
        rf"(?:change|different|another|new|switch) (?:the )?{MUSIC}|换(?:个|首|一首)?(?:音乐|歌|配乐)"
    ):
        p.say_ask(  # "change the music", and no mood named
            "Which music? Say a mood (calm, upbeat, cinematic, corporate, lofi, festive, romantic) or upload a song.",
            "换成什么音乐？可以说风格（舒缓、欢快、电影感、商务、低保真、节日、浪漫），或上传一首歌。",
        )
    styled = next((o for o in p.ops if isinstance(o, ops.SetStyle)), None)
    if styled and mood == STYLES[styled.style].mood:
        mood = None  # "more fun and energetic": the style brings that music already
    track = None
    if m := r.search(
        r"use (?:my|the)(?: uploaded)? (?:song|track|music|audio)(?: ([\w-]+))?|"
        r"用我(?:自己)?(?:上传)?的(?:音乐|歌曲?|配乐)|用上传的(?:音乐|歌曲?|配乐)"
    ):
        named = m[1] if m[1] and m[1] != "instead" else None
        track = named or (stem(songs[0].path) if songs else "song")
    volume = None
    if ducking is not None:
        duck, volume = ducking
    elif r.search(r"music|song|bgm|音乐|音量|配乐", take=False):
        if (pct := percent_in(r.low)) is not None:
            volume = pct * 100
            r.search(r"\d+(?:\.\d+)?\s*(?:%|％|percent)|百分之[\d零一二两三四五六七八九十百]+|half (?:the )?volume")
        elif r.search(
            r"(?:quieter|softer|lower|down|less loud|too loud)|小一点|小声|调低|降低|太吵|太响|太大声|安静一?(?:点|些)"
        ):
            volume = round(_volume(w) * 60)
        elif r.search(r"(?:louder|up|more music|higher|too quiet|too soft|can'?t hear)|大一点|大声|调高|提高|太小声?"):
            volume = min(150, round(_volume(w) * 150))
    fade_in = fade_out = None
    if m := r.search(rf"fade (?:the music )?in[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b"):
        fade_in = word_number(m[1])
    elif r.search(
        r"(?:fade (?:the (?:music|song) )?in|(?:music|song) (?:to )?fades? in)"
        r"(?: (?:slowly|gently|gradually|at the start))?|"
        r"(?:音乐|配乐)(?:在?开头)?(?:慢慢)?淡入"
    ):
        fade_in = 3.0
    if m := r.search(
        rf"fade (?:the music )?out[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b|"
        rf"music[^,.;]{{0,20}}fade out[^,.;]{{0,12}}?({NUMBER}) ?(?:s|sec|seconds?)\b"
    ):
        fade_out = word_number(m[1] or m[2])
    elif r.search(
        r"(?:fade (?:the (?:music|song) )?out|(?:music|song) (?:to )?fades? out)(?: (?:at|by) the end| slowly)?|"
        r"(?:音乐|配乐)(?:在?结尾)?(?:慢慢)?淡出"
    ):
        fade_out = 3.0
    wants = r.search(
        r"(?:with|add|some|and|put|background) (?:some )?(?:music|song|soundtrack)|"
        r"配乐|加音乐|背景音乐|音乐"
    )
    built = next((o for o in p.ops if isinstance(o, ops.Build)), None)
    made = (
        STYLES[built.look].mood
        if built and built.look
        else {"promo": "upbeat", "slideshow": "calm"}.get(built.style)
        if built
        else None
    )
    if built and not songs and mood == made:
        mood = None  # "a slideshow with calm music": what the build plays already
    asked = mood or track or volume is not None or fade_in is not None or fade_out is not None or duck is not None
    if wants and has and not asked and not build:
        now = w.audio()[0]
        p.notes.append(
            (
                f"there is music already ({now.name}, at {round(now.vol * 100)}%)",
                f"已经有音乐了（{zh_music(now.name, now.ed.mood)}，音量 {round(now.vol * 100)}%）",
            )
        )
    if asked or (wants and not has and not build):
        p.ops.append(ops.SetMusic(mood=mood, track=track, volume=volume, fade_in=fade_in, fade_out=fade_out, duck=duck))


SPEECH = (
    r"(?:talk|speak|speech|voices?|dialog(?:ue)?|people|someone|anyone|(?:the )?clips?|(?:the )?videos?|"
    r"(?:original|clip|video) (?:sound|audio)|interview|narrat)"
)
# "the music is too loud over the talking", "music lower when people speak", "balance the music with the clips"
DUCK_ON = (
    rf"balance (?:the )?(?:music|song|audio|sound|levels?)(?:[^,.;]{{0,30}}(?:{SPEECH}|sounds?|audio)\w*)?|"
    rf"(?:music|song|bgm)[^,.;]{{0,12}}(?:too loud|drowns?(?: out)?|covers?|overpowers?|over ?whelms?|louder than)"
    rf"[^,.;]{{0,30}}{SPEECH}\w*|"
    rf"(?:can'?t|cannot|can not|hard to) hear (?:(?:the |what )?{SPEECH}\w*|them|what (?:they|people|he|she|we)"
    rf"(?:'re| are|'s| is) (?:saying|talking about))(?: (?:say(?:ing)?|over the (?:music|song)))?|"
    rf"(?:(?:lower|quieter|softer|turn down|duck|dip|drop)(?: the)? (?:music|song|bgm)|"
    rf"(?:music|song|bgm)[^,.;]{{0,6}}(?:lower|quieter|softer|down|ducks?|dips?)) "
    rf"(?:automatically )?(?:when(?:ever)?|while|during|under|for|behind|below)"
    rf"[^,.;]{{0,20}}{SPEECH}\w*(?: (?:is |are )?\w+)?|"
    rf"\bduck(?:ing)? (?:the )?(?:music|song|bgm|audio)|(?:audio|music) ducking|"
    rf"(?:turn off|stop|pause|mute|cut) (?:the )?(?:music|song|bgm) (?:during|while|when(?:ever)?|under|for) "
    rf"[^,.;]{{0,12}}{SPEECH}\w*|"
    r"(?:说话|讲话|人声|对白|原声|有人声)[^，。,]{0,6}(?:时|的时候)?[^，。,]{0,4}(?:音乐|配乐|背景音乐)[^，。,]{0,4}"
    r"(?:小一?点|低一?点|压低|降低|调低|自动变小|变小)|"
    r"(?:音乐|配乐|背景音乐)[^，。,]{0,6}(?:太吵|太大声?|太响|盖过|盖住|压过)[^，。,]{0,10}|听不清[^，。,]{0,8}|"
    r"(?:音乐|配乐|声音)[^，。]{0,8}(?:平衡|均衡)一?下?|平衡一?下?(?:音乐|声音|配乐)[^，。]{0,12}"
)
DUCK_OFF = (
    r"(?:don'?t|do not|never|stop|no need to) (?:lower|duck|dip|drop|turn down)(?:ing)? (?:the )?(?:music|song)"
    r"[^,.;]{0,30}|no (?:audio |music )?ducking|"
    r"keep (?:the )?music (?:at )?(?:the same|one|a steady|steady|constant|level)"
    r"(?: level| volume)?[^,.;]{0,20}|音乐(?:不要|别)(?:压低|变小|降低)|音乐保持(?:同样|一样)?(?:的)?音量"
)


def _duck(r: Rest, w: Work, p: Plan) -> tuple[bool, float | None] | None:
    """Music under the clips' own sound: (duck, volume), or None when the request does not ask."""
    off = r.search(DUCK_OFF)
    on = None if off else r.search(DUCK_ON)
    if not off and not on:
        return None
    heard = [
        s
        for s in w.video
        if s.kind == "video" and not s.mute and (u := w.ctx.upload(s.src)) is not None and u.has_audio
    ]
    music = w.audio()
    if not heard or not music:
        p.notes.append(
            (
                "the music has nothing to dip under: no clip here has its own sound"
                if music
                else "there is no music to lower",
                "没有带原声的视频片段，音乐无需压低" if music else "没有背景音乐可以调整",
            )
        )
        return None
    if off:
        return False, None
    assert on is not None
    r.search(r"听不清[^，。,]{0,8}|(?:can'?t|cannot) hear[^,.;]{0,40}")  # the complaint's other half
    vol = music[0].vol
    if on[0].startswith(("balance", "平衡")) or re.search(r"平衡|均衡", on[0]):
        # even: dips under the clips, and no louder than the usual level beside clips
        if music[0].duck and vol <= 0.35:
            p.notes.append(
                (
                    f"the music is already balanced: it dips under the clips' own sound, at {round(vol * 100)}%",
                    f"音乐已经平衡：在视频原声处自动压低，音量 {round(vol * 100)}%",
                )
            )
            return None
        return True, 35.0 if vol > 0.35 else None
    if music[0].duck:  # it dips already, and still sounds too loud: lower it overall too
        return True, round(vol * 60)
    return True, None


MUSIC = r"(?:music|song|soundtrack|track|tune|beat|bgm)"
CALMER = (
    r"calmer|more relaxed|more relaxing|gentler|mellower|less intense|chiller|more chill|"
    r"更舒缓|舒缓一点|轻柔一点|柔和一点"
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
                        f"音乐已经是{zh_music(mood, mood)}，没有更{'舒缓' if mood == 'calm' else '欢快'}的了",
                    )
                )
                return None
            return mood
    return None


def _volume(w: Work) -> float:
    """The music's volume now (0.6, the usual level, when there is no music yet)."""
    music = w.audio()
    return music[0].vol if music else 0.6


def filters(r: Rest, w: Work, p: Plan) -> None:
    looks = (
        (r"black (?:and|&) white|\bb ?& ?w\b|monochrome|grayscale|greyscale|黑白", "bw"),
        (r"\bwarm(?:er)?\b|暖色|暖调|温暖|调暖|暖一[点些]|偏暖", "warm"),
        (r"\bcool(?:er)? (?:look|tones?|colou?rs?|filter)|\bcold(?:er)?\b|冷色|冷调|调冷|冷一[点些]|偏冷", "cool"),
        (r"vivid|saturated|punchy|vibrant|pop(?:ping)? colou?rs|鲜艳|饱和", "vivid"),
        (r"no filter|original colou?rs|remove (?:the )?(?:filter|colou?r)|in colou?r|去掉滤镜|原色", "none"),
    )
    if r.search(r"vintage|retro|sepia|film grain|grainy|old[- ]school|怀旧|复古|胶片"):
        p.notes.append(
            (
                "I have no vintage or retro look: the looks are black and white, warm, cool and vivid",
                "没有复古或怀旧滤镜：可用黑白、暖色、冷色和鲜艳",
            )
        )
        r.search(r"\b(?:filter|look|effect|style|feel)\b|滤镜|效果|风格")
        return
    if r.search(
        r"(?:add|put|apply|use|with) (?:a |some |any )?(?:filter|colou?r (?:filter|grade|grading))s?\b|"
        r"加(?:个|一个)?滤镜"
    ):
        if not any(re.search(pat, r.low) for pat, _ in looks):
            p.say_ask(
                "Which look? Black and white, warm, cool or vivid (for the whole video, or one photo).",
                "用哪种滤镜？黑白、暖色、冷色或鲜艳（整个视频或某一张照片）。",
            )
            return
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
    elif (at := place(r.low)) and at[0] in CORNERS:
        p.ops.append(ops.SetLogo(placement=at[0], size=size))
        r.take(at[1], at[2])
    elif size or r.search(
        r"(?:add|put|with|show|include) (?:the |my |our |a |an )?logo|logo (?:in|to|into) (?:a|the) corner|"
        r"加上?(?:个|一个)?(?:logo|标志)",
        take=False,
    ):
        p.ops.append(ops.SetLogo(size=size))
    else:
        return
    r.search(
        r"(?:add|put|with|show|include|move) (?:the |my |our |a |an )?logo|"
        r"加上?(?:个|一个)?(?:logo|标志)|logo|标志|商标"
    )
    r.search(r"(?:in|to|into) (?:a|the) corner")

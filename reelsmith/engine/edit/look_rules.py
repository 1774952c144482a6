"""The offline planner's rules for how it looks: shape, transitions, fades, motion, and style words.

Each rule reads the request as `planner.plan` left it (the words earlier rules used
blanked out), adds operations to the plan, and blanks the words it used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops, refs
from reelsmith.engine.edit.styles import occasion_look
from reelsmith.engine.edit.words import NUMBER, word_number
from reelsmith.engine.edit.work import Work

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest


def canvas(r: Rest, p: Plan) -> None:
    aspect = platform = height = fps = None
    if m := r.search(r"\b(24|25|30|60) ?(?:fps|frames? (?:per|a) second)|(24|25|30|60)帧|帧率\s*(24|25|30|60)"):
        fps = int(m[1] or m[2] or m[3])
        # "24 fps for a film look": the reason for the rate, not a request for the cinematic style
        why = r"\s*(?:for|to get) (?:a |the |that )?(?:film|movie|cinematic|smooth(?:er)?)(?: look| feel)?"
        if t := re.match(why, r.low[m.end() :]):
            r.take(m.end(), m.end() + t.end())
    if m := r.search(r"instagram (?:portrait|feed portrait)|\b4:5\b|4比5"):
        platform = "instagram_portrait" if "instagram" in m[0] else None
        aspect = "4:5"
    elif m := r.search(r"\b(reels?|tiktok|shorts|stories)\b|抖音|快手|视频号"):
        platform = {
            "reel": "reels",
            "reels": "reels",
            "tiktok": "tiktok",
            "shorts": "shorts",
            "stories": "stories",
        }.get(m[1] or "", "tiktok")
        r.search(r"vertical|portrait|\b9:16\b|full[- ]?screen|竖屏|竖版|竖的")  # what the platform's shape is called
        r.search(r"的?(?:尺寸|格式|比例)")
    elif r.search(
        r"vertical|portrait|\b9:16\b|full[- ]?screen (?:on|for) (?:a |the )?(?:phones?|mobile)|"
        r"(?:for|on) (?:a |the )?(?:phones?|mobile)(?! number)|竖屏|竖版|竖的|手机全屏|小红书"
    ):
        aspect = "9:16"
    elif m := r.search(r"square|\b1:1\b|instagram|方形|正方形"):
        aspect, platform = "1:1", ("instagram" if "instagram" in m[0] else None)
    elif m := r.search(r"landscape|horizontal|widescreen|\b16:9\b|youtube|横屏|横版"):
        aspect, platform = "16:9", ("youtube" if "youtube" in m[0] else None)
        if r.search(r"youtube"):
            platform = "youtube"
    if m := r.search(r"\b(1080|720|480)p?\b(?! ?(?:s|secs?|seconds?)\b)"):
        height = int(m[1])
    elif r.search(r"\b(?:full hd|hd)\b|高清"):
        height = 1080
    if aspect or platform or height or fps:
        p.ops.append(ops.SetCanvas(aspect=aspect, platform=platform, height=height, fps=fps))


TRANSITION_WORDS = {
    "crossfade": "fade",
    "fade to black": "fadeblack",
    "fade to white": "fadewhite",
    "white flash": "fadewhite",
    "flash": "fadewhite",
    "dissolve": "dissolve",
    "fade": "fade",
    "wipe": "wipeleft",
    "slide": "slideleft",
    "swipe": "slideleft",
    "circle": "circleopen",
    "radial": "radial",
    "zoom": "zoomin",
    "pixel": "pixelize",
    "淡入淡出": "fade",
    "溶解": "dissolve",
    "擦除": "wipeleft",
    "滑动": "slideleft",
    "圆形": "circleopen",
}


KINDS = r"(?:cross-?fades?|dissolves?|fades?|wipes?|slides?|transitions?)"


def transitions(r: Rest, w: Work, p: Plan, build: bool) -> None:
    secs = None
    now = next((s.tr.d / 1000 for s in w.video if s.tr), 0.7)
    if m := r.search(
        rf"transitions?[^,.;]{{0,20}}?({NUMBER}) ?(?:s|sec|seconds?)\b|转场\s*(\d+(?:\.\d+)?)\s*秒|"
        rf"({NUMBER})[- ]?(?:s|sec|seconds?)(?: long)? (?={KINDS})",
        take=True,
    ):
        secs = word_number(m[1] or m[2] or m[3])
    elif r.search(
        rf"(?:shorter|faster|quicker|snappier|briefer|quick) {KINDS}|{KINDS} (?:shorter|faster|quicker)|"
        rf"{KINDS} (?:are |feel |seem |take )?(?:too (?:slow|long)|dragg?ing|drag on)|"
        r"转场(?:短|快)一?点|转场(?:时间)?(?:短|快)一些|(?:缩短|加快)转场|转场太(?:慢|长)了?"
    ):
        secs = max(0.2, round(now * 0.5, 2))
    elif r.search(
        rf"(?:longer|slower|gentler|softer|smoother) {KINDS}|{KINDS} (?:longer|slower|smoother)|"
        rf"{KINDS} (?:are |feel |seem )?(?:too (?:fast|quick|short|abrupt|sudden|harsh)|jarring)|"
        r"转场(?:长|慢)一?点|转场(?:时间)?(?:长|慢)一些|(?:延长|放慢)转场|转场太(?:快|短|生硬)了?|转场柔和一?点"
    ):
        secs = min(3.0, round(now * 1.6, 2))
    if r.search(
        r"no transitions?|without transitions?|hard cuts?|(?:just|straight|jump) cuts?|cut straight|"
        r"remove (?:the )?transitions|"
        r"不要转场|去掉转场|无转场|直接切"
    ):
        r.search(r"(?:just|straight|jump) cuts?|hard cuts?|cut straight")  # "no transitions, just cuts": one wish
        p.ops.append(ops.SetTransitions(style="none"))
        return
    style = None
    if r.search(
        r"(?:random|mix(?:ed)?|different|varied|variety|fancy|various)[^,.;]{0,12}transitions?|"
        r"transitions?[^,.;]{0,8}(?:mix|variety)|各种转场|多种转场|随机转场"
    ):
        style = "mix"
    else:
        for word, name in TRANSITION_WORDS.items():
            pat = rf"{word}s?(?: transitions?)?" if word.isascii() else word
            near = (
                rf"\b{word}s?\b[^,.;]{{0,14}}transitions?|transitions?[^,.;]{{0,10}}\b{word}|"
                rf"\b{word}s? (?:between|from one (?:photo|picture|clip) to)"
            )
            if word.isascii() and not re.search(near, r.low):
                if not (word in ("crossfade", "dissolve", "wipe") and re.search(rf"\b{word}", r.low)):
                    continue
            if r.search(pat):
                style = name
                break
    has = any(s.tr for s in w.video)
    if style is None and r.search(r"(?:with|add|and) transitions?|transitions|转场"):
        style = None if (has or build) else "fade"
        if style is None and secs is None:
            return
    if style or secs:
        if style is None:
            names = [s.tr.name for s in w.video if s.tr]
            style = "mix" if len(set(names)) > 1 else names[0] if names else "fade"
        p.ops.append(ops.SetTransitions(style=style, seconds=min(3.0, secs or 0.7)))


def fades(r: Rest, p: Plan) -> None:
    """The video's fades from and to black, and fading between photos through black."""
    through = r"(?:fade|dip)s?[^,.;]{0,24}(?:through|via) black|between[^,.;]{0,24}(?:through|via) black"
    if r.search(through + r"|黑场过渡|黑场转场"):
        p.ops.append(ops.SetTransitions(style="fadeblack"))
        return
    secs = None
    if m := r.search(rf"fade[^,.;]{{0,30}}?black[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b", take=False):
        secs = word_number(m[1])
        r.take(m.start(1), m.end())  # the fade's seconds, not the video's length
    start = end = None
    if r.search(r"no fade[- ]?in|without (?:a )?fade[- ]?in|no fade at the (?:start|beginning)|不要开头淡入"):
        start = False
    if r.search(r"no fade[- ]?out|without (?:a )?fade[- ]?out|no fade at the end|不要结尾淡出"):
        end = False
    if (
        start is None
        and end is None
        and r.search(r"no fades?|without (?:a |any )?fades?|remove (?:the )?fades?|不要淡入淡出|去掉淡入淡出")
    ):
        start = end = False
    # "make the music fade out at the end" is the music's fade, read by its own rule
    sound = re.search(
        r"(?:music|song|audio|sound|bgm|音乐|配乐)[^,.;，。]{0,12}(?:fades?|淡)|"
        r"fade (?:in |out )?(?:the )?(?:music|song|audio)",
        r.low,
    )
    if r.search(
        r"fade (?:in )?from black|start with a fade|开头淡入|从黑场淡入"
        + ("" if sound else r"|fade[- ]?in at the (?:start|beginning)")
    ):
        start = True
    if r.search(
        r"fade (?:out )?(?:in)?to black|end (?:with|on) a fade|fade out the video|淡出到黑场"
        + ("" if sound else r"|fade[- ]?out at the end|fade out the end|结尾淡出")
    ):
        end = True
    if start is not None or end is not None:
        p.ops.append(ops.SetFades(start=start, end=end, seconds=secs if (start or end) else None))


def motion(r: Rest, w: Work, p: Plan) -> None:
    item = None
    found = refs.find(r.low, w.video)
    target = re.search(r"(?:zoom|pan)(?: in| out| left| right)? on (?:the |my |our )?([a-z\u4e00-\u9fff]+)", r.low)
    if found and re.search(r"zoom|pan|ken burns|motion|缩放|推近|动态", r.low):
        item = found[0].pos
        r.take(found[0].start, found[0].end)
    elif target and target[1] not in ("photos", "pictures", "images", "everything", "all", "it"):
        p.say_ask(
            f"Which photo is the {target[1]} in? I move whole photos and can't find things inside them: say "
            '"zoom in on the second photo".',
            "是哪一张照片？我只能对整张照片做推拉，无法找到画面里的东西：例如说“第二张照片放大”。",
        )
        return
    if r.search(
        r"no (?:ken burns|motion|zoom(?:ing)?|movement|pan(?:ning)?)|static|still (?:photos|images)|"
        r"(?:don'?t|do not) (?:zoom|pan|move)|不要(?:推拉|缩放)|"
        r"stop (?:the )?(?:zoom|motion)|不要动|去掉动态|静止"
    ):
        p.ops.append(ops.SetMotion(on=False, item=item))
    elif m := r.search(r"ken burns|zoom (in|out)|pan (left|right|up|down)|slow zoom|动态效果|缩放|(推近)|(拉远)"):
        d = f"zoom_{m[1]}" if m[1] else f"pan_{m[2]}" if m[2] else "zoom_in" if m[3] else "zoom_out" if m[4] else None
        p.ops.append(ops.SetMotion(on=True, direction=d, item=item))


STYLE_WORDS: tuple[tuple[str, ops.StyleName], ...] = (
    (
        r"professional|polished|corporate look|business-?like|classy|premium|high[- ]end|upscale|sleek|"
        r"专业|高级|商务风|高端|大气一点",
        "professional",
    ),
    (r"more fun|\bfun(?:ner)?\b|playful|lively|活泼|有趣|好玩", "fun"),
    (r"bold (?:look|style)|bolder look|punchy|eye-?catching|make it pop|醒目|抢眼|有冲击力", "bold"),
    (r"elegant|sophisticated|romantic look|优雅|高雅|浪漫", "elegant"),
    (r"cinematic|like a movie|film look|movie look|电影感|大片", "cinematic"),
    (r"minimal|simple|\bclean(?:er)?\b(?! up)|简洁|简约|干净", "minimal"),
)


def style(r: Rest, p: Plan) -> None:
    """Style words ("make it more professional") as one coherent look; "cinematic music" is music's. A
    new video whose request names no look gets the one its occasion suits (a promo: bold, a wedding:
    elegant, …)."""
    built = next((o for o in p.ops if isinstance(o, ops.Build)), None)
    for pat, name in STYLE_WORDS:
        said = rf"(?:{pat})(?! ?的?(?:music|song|track|soundtrack|音乐|配乐))"  # "浪漫的音乐": the music's
        hit = re.search(said, r.low)
        if hit and re.search(r"(?:music|song|音乐|配乐|歌)[^,.;，。]{0,8}$", r.low[: hit.start()]):
            continue  # "音乐换成电影感的": a mood for the music, read by the music rule
        if r.search(said):
            if built:  # "a cinematic video of these": the new video is made in that look
                built.look = name
            else:
                p.ops.append(ops.SetStyle(style=name))
            while r.search(said):  # "simple and clean"
                pass
            return
    if built and built.look is None:
        built.look = occasion_look(r.orig)

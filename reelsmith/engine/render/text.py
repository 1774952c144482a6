"""Text layers: titles, captions and calls to action, drawn with drawtext from a per-job text file."""

from __future__ import annotations

from pathlib import Path

from PIL import ImageFont

from reelsmith.engine.media import fonts
from reelsmith.engine.model.draft import TextSegment
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import colour, num, q
from reelsmith.protocol.facts import needs_cjk

BREAK_AFTER = "/-_.?&=,;:"  # where a word too long for a line breaks best
MIN_SHRINK = 0.6  # a word too wide for the frame makes the text up to this much smaller before it is broken


def wrap_text(text: str, font_path: Path, px: int, max_w: int) -> str:
    """Lines no wider than `max_w` at `px`: broken at spaces (between characters for Chinese and
    Japanese), and a word wider than the frame on its own broken between its characters."""
    font = ImageFont.truetype(str(font_path), px)
    lines: list[str] = []
    for para in text.split("\n"):
        cjk = needs_cjk(para)
        tokens = list(para) if cjk else para.split(" ")
        sep = "" if cjk else " "
        line = ""
        for tok in tokens:
            trial = f"{line}{sep}{tok}" if line else tok
            if font.getlength(trial) <= max_w:
                line = trial
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in tok:  # only a word wider than a whole line gets here with an empty line
                if line and font.getlength(line + ch) > max_w:
                    # after a slash, hyphen or the like when one is near the end ("…/etc/" "shadow")
                    cut = max(line.rfind(c) for c in BREAK_AFTER) + 1
                    cut = cut if cut > len(line) * 0.4 else len(line)
                    lines.append(line[:cut])
                    line = line[cut:]
                line += ch
        lines.append(line)
    return "\n".join(lines)


def fitted_size(text: str, font_path: Path, px: int, max_w: int) -> int:
    """`px`, or smaller (down to MIN_SHRINK of it) so the widest single word fits on a line."""
    words = [w for para in text.split("\n") for w in ([para] if needs_cjk(para) else para.split(" ")) if w]
    if not words or needs_cjk(text):
        return px
    widest = max(ImageFont.truetype(str(font_path), px).getlength(w) for w in words)
    if widest <= max_w:
        return px
    return max(8, int(px * max(MIN_SHRINK, max_w / widest)))


def _text_position(pos: str, cv: Canvas) -> tuple[str, str, str]:
    """(x, y, align) inside the title-safe area (5% sides, 8% top and bottom)."""
    mx, my = round(cv.width * 0.05), round(cv.height * 0.08)
    cx, cy = "(w-text_w)/2", "(h-text_h)/2"
    return {
        "top": (cx, f"{my}", "C"),
        "center": (cx, cy, "C"),
        "bottom": (cx, f"h-text_h-{my}", "C"),
        "lower_third": (f"{mx}", "h*0.72-text_h/2", "L"),
        "top_left": (f"{mx}", f"{my}", "L"),
        "top_right": (f"w-text_w-{mx}", f"{my}", "R"),
        "bottom_left": (f"{mx}", f"h-text_h-{my}", "L"),
        "bottom_right": (f"w-text_w-{mx}", f"h-text_h-{my}", "R"),
        # a subtitle: just under where a one-line title (9% of the height) sits at the centre or top
        "below_center": (cx, "h*0.565", "C"),
        "below_top": (cx, f"{my}+h*0.12", "C"),
    }[pos]


def _alpha_expr(st: float, en: float, fi: float, fo: float) -> str:
    fi_e = f"if(lt(t,{num(st + fi)}),(t-{num(st)})/{num(fi)}," if fi > 0 else "("
    fo_e = f"if(gt(t,{num(en - fo)}),({num(en)}-t)/{num(fo)},1)" if fo > 0 else "1"
    return f"max(0,min(1,{fi_e}{fo_e})))"


def drawtext(seg: TextSegment, cv: Canvas, scratch: Path, idx: int) -> str:
    """One text segment as drawtext. The words go through a file in this job's own scratch folder,
    with expansion off, so `%`, `\\`, `{`, quotes and colons are drawn exactly as written."""
    st = seg.style
    font = fonts.resolve(st.font, seg.text)
    max_w = int(cv.width * 0.88)
    px = fitted_size(seg.text, font, max(8, round(st.size * cv.height)), max_w)
    text = wrap_text(seg.text, font, px, max_w)
    tf = scratch / f"text-{idx}.txt"
    tf.write_text(text, encoding="utf-8")
    x, y, align = _text_position(seg.pos, cv)
    start, end = seg.st / 1000.0, (seg.st + seg.d) / 1000.0
    fi, fo = min(seg.fi, seg.d // 2) / 1000.0, min(seg.fo, seg.d // 2) / 1000.0
    opts = [
        f"fontfile={q(str(font))}",
        f"textfile={q(str(tf))}",
        "expansion=none",
        f"fontsize={px}",
        f"fontcolor={colour(st.color)}",
        f"x={q(x)}",
        f"y={q(y)}",
        f"text_align={align}",
        f"line_spacing={round(px * 0.25)}",
        f"alpha={q(_alpha_expr(start, end, fi, fo))}",
        f"enable={q(f'between(t,{num(start)},{num(end)})')}",
    ]
    if st.outline > 0:
        opts += [f"borderw={max(1, round(st.outline * cv.height))}", f"bordercolor={colour(st.outline_color)}"]
    if st.shadow:
        d = max(1, round(cv.height * 0.002))
        opts += [f"shadowx={d}", f"shadowy={d}", "shadowcolor=black@0.6"]
    if st.box:
        opts += [
            "box=1",
            f"boxcolor={colour(st.box_color[:7])}@{num(st.box_opacity)}",
            f"boxborderw={round(px * 0.35)}",
        ]
    return "drawtext=" + ":".join(opts)

"""GUI translation: the backend talks as if the person had an editor window. They don't.

Each sentence that gives a GUI direction is removed and turned into an action
the agent does for them: "click Export" runs the export, "open the timeline
panel" or "preview in the timeline" shows the track summary, "check your
account" shows credits, "drag the clip to the start" becomes that edit sent as
a message. Sentences that describe the content are kept word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# a sentence ends at . ! ? (or their CJK forms) followed by a space or the end; "9.7s" does not end one
SENTENCE = re.compile(r"(?:[^.!?。！？\n]|[.!?](?=[^\s.!?]))+[.!?。！？]*[ \t]*\n?|\n")

RULES: list[tuple[str, str]] = [
    # (pattern, action); the first that matches a sentence wins
    (
        r"export button|(?:click|tap|press|hit|use|select)\b[^.!?。]{0,25}\b(?:export|download|render)\b|"
        r"点击?[「“\"\[]?导出|导出按钮",
        "export",
    ),
    (
        r"check (?:your )?(?:account|billing|balance|credits)|account (?:page|settings)|billing page|"
        r"查看(?:账户|余额|积分)|充值页面",
        "credits",
    ),
    (
        r"preview (?:it |this |the result )?in the timeline|(?:look at|see|check) the timeline|timeline preview|"
        r"\bopen\b[^.!?。]{0,30}\b(?:panel|tab|menu|timeline|editor|window|sidebar)|打开|在时间线(?:上|中)?预览|预览窗口",
        "status",
    ),
    (r"\b(?:drag|drop)\b|拖拽|拖动|拖到|拖入", "edit"),
    (r"\b(?:click|tap|press|hit)\b|点击|单击|按下", "click"),
]


# words in double or CJK quotes are somebody's own ('I didn't understand "drop table sessions"'), never a
# direction to the person, so the rules read a sentence without them
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』')


@dataclass
class Translated:
    text: str
    actions: list[tuple[str, str]] = field(default_factory=list)  # (export|status|credits|edit, edit text)

    def wants(self, kind: str) -> bool:
        return any(a == kind for a, _ in self.actions)


def _as_edit(sentence: str) -> str:
    """ "Drag the second clip to the start of the timeline" -> "move the second clip to the start"."""
    s = re.sub(r"\b(?:drag(?: and drop)?|drop)\b", "move", sentence, flags=re.I)
    s = re.sub(r"拖拽|拖动|拖到|拖入", "移到", s)
    s = re.sub(r"\b(?:on|in|onto|into|of) the (?:timeline|track|panel|editor|canvas)\b|在时间线上?", "", s, flags=re.I)
    s = re.sub(r"^\s*(?:you can|simply|just|then|now|please)\s+", "", s, flags=re.I)
    return re.sub(r"\s+", " ", s).strip(" .!。")


def translate(text: str) -> Translated:
    kept: list[str] = []
    actions: list[tuple[str, str]] = []
    for m in SENTENCE.finditer(text or ""):
        sentence = m.group(0)
        said = QUOTED.sub(" ", sentence)
        action = next((a for pat, a in RULES if re.search(pat, said, re.I)), None)
        if action is None:
            kept.append(sentence)
        elif action == "edit":
            actions.append(("edit", _as_edit(sentence)))
        elif action != "click":  # a button we cannot map is simply dropped: the edit is done already
            if (action, "") not in actions:
                actions.append((action, ""))
    out = re.sub(r"[ \t]+\n", "\n", "".join(kept))
    return Translated(re.sub(r"\n{3,}", "\n\n", out).strip(), actions)

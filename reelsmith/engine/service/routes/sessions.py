"""Sessions: create one, read its latest state and its history."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from reelsmith.engine.service.deps import APP, EngineDep, UserDep, ok, own_session
from reelsmith.engine.service.routes.files import file_view

router = APIRouter()


class SessionCreate(BaseModel):
    task_name: str = Field("project", max_length=200)
    language: str = Field("en", max_length=16)


@router.post(f"/api/tasks/me/with-session/{APP}", tags=["sessions"])
def new_session(body: SessionCreate, user: UserDep, eng: EngineDep) -> dict[str, Any]:
    sid, task = uuid.uuid4().hex, uuid.uuid4().hex
    eng.store.add_session(sid, user.id, task, body.task_name, body.language)
    return ok({"task_id": task, "session_id": sid, "user_id": user.id})


@router.get(f"/api/state/{APP}/me/{{sid}}/latest", tags=["sessions"])
def state(sid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
    own_session(eng, sid, user)
    version, draft = eng.store.draft(sid)
    m = (draft or {}).get("m", {})
    canvas = {"width": m.get("width", 1920), "height": m.get("height", 1080), "fps": m.get("fps", 30)}
    return ok(
        {
            "session_id": sid,
            "version": version,
            "state": {
                "draft": draft or {"t": [], "d": 0, "m": {}},
                "video_infos": [file_view(request, eng, u) for u in eng.store.uploads(sid)],
                "generated_media": [file_view(request, eng, g) for g in eng.store.media(sid)],
                "canvas_config": canvas,
            },
        }
    )


@router.get(f"/api/state/{APP}/me/{{sid}}/history", tags=["sessions"])
def history(sid: str, user: UserDep, eng: EngineDep) -> dict[str, Any]:
    own_session(eng, sid, user)
    return ok({"session_id": sid, "versions": eng.store.history(sid)})

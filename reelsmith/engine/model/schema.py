"""Print the draft's JSON Schema: `python -m reelsmith.engine.model.schema > docs/draft.schema.json`."""

import json

from reelsmith.engine.model.draft import json_schema

if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))

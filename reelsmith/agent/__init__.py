"""The conversation: intent router, GUI translation, Claude tool-use loop, REPL (to come)."""

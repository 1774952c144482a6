"""The conversation: intent router, GUI translation, the Agent (direct mode or the Claude tool
loop), the terminal REPL, and the MCP server for other agents. All output goes through `io.IO`."""

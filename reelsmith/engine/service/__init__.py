"""The engine over HTTP: the app, its shared parts, routes per resource, render jobs, the server."""

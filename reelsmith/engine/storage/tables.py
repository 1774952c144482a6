"""The engine's SQLite tables, and the columns added to them since a data folder could first be made."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS users(
  id TEXT PRIMARY KEY, credits_total INTEGER, credits_used INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens(
  hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, client_id TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
  address TEXT);
CREATE INDEX IF NOT EXISTS tokens_client ON tokens(client_id, created);
CREATE TABLE IF NOT EXISTS sessions(
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, task_id TEXT NOT NULL, name TEXT, language TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS messages(
  session_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, created REAL NOT NULL,
  PRIMARY KEY(session_id, seq));
CREATE TABLE IF NOT EXISTS drafts(
  session_id TEXT NOT NULL, version INTEGER NOT NULL, draft TEXT NOT NULL, note TEXT, created REAL NOT NULL,
  PRIMARY KEY(session_id, version));
CREATE TABLE IF NOT EXISTS uploads(
  session_id TEXT NOT NULL, seq INTEGER NOT NULL, filename TEXT NOT NULL, file_type TEXT NOT NULL,
  sha TEXT NOT NULL, size INTEGER NOT NULL, info TEXT NOT NULL, created REAL NOT NULL,
  PRIMARY KEY(session_id, seq), UNIQUE(session_id, filename));
CREATE TABLE IF NOT EXISTS media(
  session_id TEXT NOT NULL, sha TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, info TEXT NOT NULL,
  created REAL NOT NULL, PRIMARY KEY(session_id, sha));
CREATE TABLE IF NOT EXISTS music_cache(key TEXT PRIMARY KEY, sha TEXT NOT NULL, size INTEGER NOT NULL DEFAULT 0,
  used REAL NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS song_beats(sha TEXT PRIMARY KEY, version TEXT NOT NULL, beats TEXT NOT NULL,
  created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS renders(
  user_id TEXT NOT NULL, id TEXT NOT NULL, session_id TEXT NOT NULL, status TEXT NOT NULL,
  progress INTEGER NOT NULL DEFAULT 0, draft TEXT NOT NULL, quality TEXT NOT NULL, output_sha TEXT, error TEXT,
  created REAL NOT NULL, updated REAL NOT NULL, PRIMARY KEY(user_id, id));
CREATE TABLE IF NOT EXISTS proposals(
  session_id TEXT PRIMARY KEY, version INTEGER NOT NULL, ops TEXT NOT NULL, said TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS requests(
  ts REAL NOT NULL, user_id TEXT, method TEXT NOT NULL, path TEXT NOT NULL,
  source TEXT, version TEXT, platform TEXT);
"""

# table: (column, declaration), for a data folder made before the column existed; each has a default
ADDED: dict[str, list[tuple[str, str]]] = {
    "music_cache": [("size", "INTEGER NOT NULL DEFAULT 0"), ("used", "REAL NOT NULL DEFAULT 0")],
    "tokens": [("address", "TEXT")],
}

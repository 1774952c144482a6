"""What the engine keeps: SQLite records, content-addressed blobs, files taken in (uploads and URLs)."""

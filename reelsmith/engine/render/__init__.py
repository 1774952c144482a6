"""Drafts to MP4: stills prepared in Pillow, one ffmpeg filter graph, the render run."""

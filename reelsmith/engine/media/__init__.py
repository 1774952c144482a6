"""Media in and out: probing, the ffmpeg binary, fonts, generated music."""

from pathlib import Path

import pytest
from PIL import Image

from reelsmith.engine.media.probe import ProbeError, probe, sniff

from .media import ff, make_clip, photo


def exif_rotated(path: Path) -> Path:
    """A phone photo stored landscape (400x200) with EXIF 'rotate 90 CW' (orientation 6)."""
    im = Image.new("RGB", (400, 200), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 200, 200))  # stored left half red -> upright top is red
    exif = Image.Exif()
    exif[0x0112] = 6
    im.save(path, exif=exif.tobytes(), quality=95)
    return path


def test_jpeg_exif_orientation_reports_upright_size(media):
    info = probe(exif_rotated(media / "phone.jpg"))
    assert (info.file_type, info.width, info.height, info.rotation) == ("image", 200, 400, 90)
    assert len(info.hash) == 64


@pytest.mark.parametrize(
    "mode, fmt, ext",
    [
        ("RGBA", "PNG", "png"),
        ("L", "JPEG", "jpg"),
        ("CMYK", "JPEG", "jpg"),
        ("RGB", "WEBP", "webp"),
        ("P", "GIF", "gif"),
        ("RGB", "HEIF", "heic"),
    ],
)
def test_image_kinds(media, mode, fmt, ext):
    p = media / f"x.{ext}"
    Image.new(mode, (64, 48)).save(p, fmt)
    info = probe(p)
    assert (info.file_type, info.width, info.height) == ("image", 64, 48)
    assert info.has_alpha == (mode == "RGBA")


def test_video_clip_and_rotation(media):
    info = probe(make_clip(media / "c.mp4", 1.0, "320x240", 25))
    assert (info.file_type, info.width, info.height, info.has_audio) == ("video", 320, 240, True)
    assert abs(info.duration - 1.0) < 0.1 and info.fps == 25
    rot = probe(make_clip(media / "r.mp4", 1.0, "320x240", 25, audio=False, rotate=90))
    assert (rot.width, rot.height, rot.has_audio) == (240, 320, False)


def test_audio(media):
    from reelsmith.engine.media import music

    info = probe(music.make_track("calm", 3, media / "m.wav"))
    assert info.file_type == "audio" and abs(info.duration - 3) < 0.05


def test_renamed_text_file_is_refused_by_content(media):
    p = media / "notes.jpg"
    p.write_text("just some text, not a photo")
    with pytest.raises(ProbeError, match=r"^notes\.jpg: not a photo, clip or audio file"):
        probe(p)
    assert sniff(p) is None


def test_corrupt_jpeg_names_the_file(media):
    good = photo(media / "good.jpg")
    bad = media / "broken.jpg"
    bad.write_bytes(good.read_bytes()[:600])
    with pytest.raises(ProbeError, match=r"^broken\.jpg: image is corrupt"):
        probe(bad)


def test_decompression_bomb_guard(media, monkeypatch):
    import reelsmith.engine.media.probe as pr

    p = media / "huge.png"
    Image.new("L", (3000, 3000)).save(p)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)  # keep the test small: 9 MP is "huge" here
    with pytest.raises(ProbeError, match="megapixels; resize it first"):
        pr.probe(p)


def test_missing_file(media):
    with pytest.raises(ProbeError, match="no such file"):
        probe(media / "nope.jpg")


def test_corrupt_clip_names_the_file(media):
    good = make_clip(media / "good.mp4", 1.0)
    bad = media / "party.mp4"
    bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(ProbeError, match=r"^party\.mp4: .*re-export it as MP4"):
        probe(bad)


@pytest.mark.parametrize("name", ["IMG_0042.MOV", "VID_20240612_143055.mp4", "clip.mkv", "clip.ts"])
def test_written_facts_from_every_container(media, name):
    # an MP4/MOV is read from its header alone; a container whose header does not say it all (MPEG-TS)
    # is analysed, so an export's facts never go missing
    from reelsmith.protocol.written import read

    src = make_clip(media / "src.mp4", 1.2, "320x240", 25, audio=True)
    out = media / name
    ff("-y", "-i", str(src), "-c", "copy", str(out))
    w = read(out)
    assert w is not None and (w.width, w.height, w.fps, w.frames) == (320, 240, 25, 30)


def test_clip_inputs_skip_stream_analysis_only_when_the_header_says_it_all(media):
    from reelsmith.engine.media.ffmpeg import input_file

    mp4 = make_clip(media / "VID_20240612_143055.mp4", 0.5)
    mkv = media / "clip.mkv"
    ff("-y", "-i", str(mp4), "-c", "copy", str(mkv))
    assert probe(mp4).start == 0.0
    assert input_file(mp4, probe(mp4).start)[0] == "-nofind_stream_info"
    # analysed: another container, timestamps that begin later or are not known, a file that is not there
    assert input_file(mkv, 0.0)[0] == "-i"
    assert input_file(mp4, 5.0)[0] == "-i" and input_file(mp4, None)[0] == "-i"
    assert input_file(media / "missing.mp4", 0.0)[0] == "-i"

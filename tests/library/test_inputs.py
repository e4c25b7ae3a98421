"""Bad input is refused with a clear error before any request that costs money."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from support import PNG, Driver, FakeAPI

from aimlapi_veo import InvalidInputError, models
from aimlapi_veo.images import MAX_IMAGE_BYTES, to_image_url
from aimlapi_veo.wire import build_request

JPEG = b"\xff\xd8\xff\xe0" + bytes(32)
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(32)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"duration": 9}, "duration must be one of 5, 6, 7, 8, not 9"),
        ({"duration": True}, "duration must be an integer"),
        ({"aspect_ratio": "1:1"}, "aspect_ratio must be one of 16:9, 9:16, not '1:1'"),
        ({"seed": 1.5}, "seed must be an integer"),
        ({"seed": False}, "seed must be an integer"),
        ({"seed": "7"}, "seed must be an integer"),
        ({"prompt": "  "}, "prompt must be a non-empty string"),
        ({"negative_prompt": 3}, "negative_prompt must be a string"),
        ({"aspect_ratio": "auto"}, "aspect_ratio must be one of 16:9, 9:16"),
        ({"enhance_prompt": "yes"}, "enhance_prompt must be true or false"),
        ({"image": b""}, "image is empty"),
        ({"image": b"hello world, not an image"}, "not an image"),
        (
            {"image": b"GIF89a" + bytes(20)},
            "GIF images are not supported: convert to JPEG, PNG or WebP",
        ),
        ({"image": "https://"}, "has no host"),
        ({"image": "data:image/png;base64,@@not-base64@@"}, "not valid Base64"),
        ({"image": "/no/such/file.png"}, "does not exist"),
        ({"image": PNG, "tail_image": b"BM" + bytes(20)}, "BMP images are not supported"),
    ],
)
def test_invalid_arguments_are_refused_before_any_request(
    client: Driver, api: FakeAPI, arguments: dict[str, Any], message: str
) -> None:
    """The error names the field and what it accepts; nothing is sent, nothing spent."""
    call = {"image": PNG, "prompt": "p", **arguments}
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        client.create(**call)
    assert api.requests == []


def test_allowed_values_come_from_the_spec() -> None:
    """The accepted durations are the model's enum in the spec, not a list in the wrapper."""
    enum = models.get("veo2/image-to-video").fields["duration"]["enum"]
    with pytest.raises(InvalidInputError) as caught:
        build_request(image=PNG, prompt="p", duration=4)
    assert ", ".join(map(str, enum)) in str(caught.value)


def test_numeric_string_durations_are_accepted_like_the_docs_example() -> None:
    """The documentation page sends duration "5"; it means 5."""
    assert build_request(image=PNG, prompt="p", duration="6")["duration"] == 6


@pytest.mark.parametrize(
    ("data", "mime"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")]
)
def test_local_images_become_data_uris_typed_by_content(
    tmp_path: Path, data: bytes, mime: str
) -> None:
    """A PNG named .jpg is still sent as image/png: the bytes decide, not the name."""
    misnamed = tmp_path / "photo.jpg"
    misnamed.write_bytes(data)
    expected = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    assert to_image_url(misnamed) == expected
    assert to_image_url(str(misnamed)) == expected
    assert to_image_url(data) == expected
    assert to_image_url(io.BytesIO(data)) == expected


def test_urls_are_passed_through_for_the_api_to_fetch() -> None:
    """An http(s) URL is not downloaded by the client."""
    assert to_image_url("https://example.com/cat.png") == "https://example.com/cat.png"


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("ftp://example.com/cat.png", "image URLs with ftp:// are not supported"),
        ("s3://bucket/cat.png", "image URLs with s3:// are not supported"),
        ("file://other-host/cat.png", "names another host: give a local path"),
    ],
)
def test_other_url_schemes_are_refused_by_name_not_taken_for_paths(
    image: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        to_image_url(image)


def test_a_file_url_is_read_as_the_local_file_it_names(tmp_path: Path) -> None:
    path = tmp_path / "a frame.png"
    path.write_bytes(PNG)
    assert to_image_url(path.as_uri()) == to_image_url(path)


def test_text_mode_files_are_refused_with_a_hint(tmp_path: Path) -> None:
    """A file opened as text cannot be sniffed; the error says to open it in binary mode."""
    path = tmp_path / "x.png"
    path.write_bytes(PNG)
    with (
        path.open(encoding="latin-1") as handle,
        pytest.raises(InvalidInputError, match="binary mode"),
    ):
        to_image_url(handle)  # type: ignore[arg-type]


def test_images_over_the_limit_are_refused_without_reading_them(tmp_path: Path) -> None:
    """The size is checked from the file system first, so a huge file is not loaded."""
    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.write(PNG)
        handle.truncate(MAX_IMAGE_BYTES + 1)
    with pytest.raises(InvalidInputError, match="the limit is 20 MiB"):
        to_image_url(big)

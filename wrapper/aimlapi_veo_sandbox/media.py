"""Files the sandbox serves: submitted images, rendered videos and benchmark blobs, on disk.

Per job, memory holds only a short token; images are written to disk at create time (named by
their sha256, so 1,000 jobs on one image store it once) and a video is encoded on first need and
shared by every job with the same inputs. The folder is removed by `close()`, or when the store
is garbage-collected, or at interpreter exit, whichever comes first.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
import uuid
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path

from .blobs import write_blob
from .images import ImageInput, load_image
from .stats import SandboxStats
from .video import encode_video

_INPUT_PREFIX = "sha256:"


@dataclass(frozen=True)
class RenderSpec:
    """Everything that decides a video's bytes; equal specs share one file."""

    image: str  # "sha256:<hex>" of a stored upload, or an http(s) URL
    tail: str | None
    seconds: int
    width: int
    height: int
    fps: int
    prompt: str  # only kept when a URL may need a placeholder that shows the prompt

    def token(self) -> str:
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode())
        return "v" + digest.hexdigest()[:32]


@dataclass(frozen=True)
class MediaEntry:
    file_name: str
    content_type: str
    render: RenderSpec | None = None
    blob_size: int = 0


class MediaStore:
    def __init__(self, stats: SandboxStats) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="veo-sandbox-"))
        for folder in ("inputs", "videos", "blobs"):
            (self.root / folder).mkdir()
        self._stats = stats
        self._entries: dict[str, MediaEntry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.root, ignore_errors=True)

    def close(self) -> None:
        self._cleanup()

    def save_input(self, source: ImageInput) -> str:
        """A reference for a RenderSpec: the URL itself, or the stored upload's hash."""
        if isinstance(source, str):
            return source
        digest = hashlib.sha256(source).hexdigest()
        path = self.root / "inputs" / digest
        if not path.exists():
            partial = path.with_name(f".{digest}.{uuid.uuid4().hex}.partial")
            partial.write_bytes(source)
            partial.replace(path)
        return _INPUT_PREFIX + digest

    @staticmethod
    def is_stored(ref: str) -> bool:
        return ref.startswith(_INPUT_PREFIX)

    def register_video(self, spec: RenderSpec) -> str:
        token = spec.token()
        self._entries.setdefault(token, MediaEntry("output.mp4", "video/mp4", render=spec))
        return token

    def register_blob(self, size: int) -> str:
        token = f"b{size}"
        self._entries.setdefault(
            token, MediaEntry("blob.bin", "application/octet-stream", None, size)
        )
        return token

    def entry(self, token: str) -> MediaEntry | None:
        return self._entries.get(token)

    def materialize(self, token: str) -> Path:
        """The file behind `token`, created on first use. Blocking: call it from a worker thread."""
        entry = self._entries[token]
        folder = "videos" if entry.render is not None else "blobs"
        path = self.root / folder / f"{token}{Path(entry.file_name).suffix}"
        with self._lock_for(token):
            if not path.exists():
                self._create(path, entry)
        return path

    def _lock_for(self, token: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(token, threading.Lock())

    def _create(self, path: Path, entry: MediaEntry) -> None:
        spec = entry.render
        if spec is None:
            write_blob(path, entry.blob_size)
            return
        size = (spec.width, spec.height)
        image = load_image(self._source(spec.image), spec.prompt, size)
        tail = load_image(self._source(spec.tail), spec.prompt, size) if spec.tail else None
        encode_video(path, image, tail, seconds=spec.seconds, size=size, fps=spec.fps)
        self._stats.count_render()

    def _source(self, ref: str) -> ImageInput:
        if ref.startswith(_INPUT_PREFIX):
            return (self.root / "inputs" / ref.removeprefix(_INPUT_PREFIX)).read_bytes()
        return ref

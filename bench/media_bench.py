"""Media benchmark: 12-megapixel uploads to available, worker memory, derivatives vs a static file.

Run from the project root: `PYTHONPATH=. .venv/bin/python bench/media_bench.py`
(`--uploads 3 --seconds 2` for a quick run; `--database-url postgresql://postgres@127.0.0.1/bench`
for PostgreSQL: that database is migrated and gets this run's products, under run-unique slugs,
which are left there). Photos, derivatives and the default SQLite database live in one temporary
dir; gunicorn listens on loopback.

The headline row is cold: `--uploads` distinct 4000x3000 JPEGs (a smooth gradient, waves and
grain from numpy, saved at quality 90 with the EXIF block and sRGB profile a camera writes, so
orientation and colour steps run), each sent once, one at a time, to
POST /api/v1/products/<slug>/images; the time is from sending the request to its 201, which is
when the derivatives exist. Each derivative listed in the answer is then fetched: it must answer
200, be the size it claims and be cached as immutable. The "warm (repeated)" row uploads the
first photo again: stored once (same content hash), though still decoded and encoded. A
throwaway round of smaller distinct photos, sent first, lets each worker load its codecs.

Each worker's RSS (/proc VmRSS) is sampled while the cold uploads run; its peak is printed
beside the idle figure before them and the kernel's own high-water mark (VmHWM).

Serving: one 640-px JPEG derivative is fetched over and over by `--clients` clients through
the catalogue's gunicorn, and the very same bytes from a bare Flask app with `send_file`
(`static_file_app` below) under the same gunicorn settings, before and after the catalogue.
"""

import argparse
import contextlib
import io
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from catalog_bench import Figures, figures
from flask import Flask, send_file
from loopback import (
    PROJECT,
    drive,
    flask_command,
    http_get,
    http_request,
    logged_exceptions,
    percentiles_ms,
    serve,
)
from PIL import Image, ImageCms

from media.storage import IMMUTABLE

PHOTO_SIZE = (4000, 3000)
WARM_UP_SIZE = (1600, 1200)  # above the largest derivative width, so every encoder runs
PHOTO_QUALITY = 90
GRAIN = 8.0  # per-pixel sensor noise (levels of 255)
TEXTURE = ((4, 10.0), (16, 14.0), (64, 18.0))  # (cell in pixels, amplitude): detail at each scale
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
DERIVATIVES = 6  # 320, 640 and 1280 px, each as WebP and JPEG
SERVED = (640, "image/jpeg")
EDITOR = ("media-bench@example.com", "media-bench-password")
SAMPLE_SECONDS = 0.02
# The serving rows stop on time; this only bounds the driver's list of requests.
MOST_PER_SECOND = 20_000
COLD = "cold: distinct 12 MP JPEGs"
WARM = "warm (repeated): same file again (stored once)"
BARE = "bare Flask: the same bytes, send_file"
CATALOGUE = "catalogue: /media/ derivative"


@dataclass
class Upload:
    """One upload as the editor's client saw it, and how many derivatives then answered."""

    seconds: float
    status: int
    detail: str = ""
    available: int = 0  # derivatives answering 200 with their stated size and caching
    sizes: list | None = None


@dataclass
class Memory:
    """One worker's resident set: now (VmRSS) and its highest since it started (VmHWM), MB."""

    rss: float
    high_water: float


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20, help="distinct photos, each once")
    parser.add_argument("--repeats", type=int, default=5, help="uploads of the first photo again")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary dir")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients (serving)")
    parser.add_argument("--seconds", type=float, default=10, help="per serving row")
    return parser.parse_args()


def static_file_app(path: str) -> Flask:
    """The ceiling for serving: a bare Flask app answering every path with the file at `path`.

    Any path, so `serve` finds it up on the catalogue's URL and both are asked the same one.
    """
    app = Flask(__name__)

    @app.get("/<path:anything>")
    def static_file(anything: str):
        response = send_file(path, conditional=True, etag=True, max_age=None)
        response.headers["Cache-Control"] = IMMUTABLE
        return response

    return app


def photo_jpeg(seed: list[int], size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A photographic-looking JPEG: gradients and soft waves per channel, textured, grainy."""
    rng = np.random.default_rng(seed)
    width, height = size
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    # Detail at several scales survives the downscaling, so derivatives weigh what photos do.
    texture = np.zeros((height, width), np.float32)
    for cell, amplitude in TEXTURE:
        coarse = rng.standard_normal((height // cell, width // cell), dtype=np.float32)
        smooth = Image.fromarray(coarse).resize(size, Image.Resampling.BICUBIC)
        texture += amplitude * np.asarray(smooth)
    channels = []
    for _ in range(3):
        slope_x, slope_y, twist = rng.uniform(-0.4, 0.4, 3).tolist()
        plane = 0.5 + slope_x * x + slope_y * y + twist * x * y
        for _ in range(4):
            cycles_x, cycles_y = rng.uniform(0.5, 6.0, 2).tolist()
            phase_x, phase_y = rng.uniform(0.0, 2 * np.pi, 2).tolist()
            wave = np.sin(2 * np.pi * cycles_x * x + phase_x) * np.cos(
                2 * np.pi * cycles_y * y + phase_y
            )
            plane = plane + rng.uniform(0.03, 0.12) * wave
        grain = GRAIN * rng.standard_normal((height, width), dtype=np.float32)
        channels.append(np.clip(plane * 255 + texture + grain, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif.update({0x010F: "Media bench", 0x0110: "Synthetic 12 MP", 0x0112: 1})  # make, model, up
    out = io.BytesIO()
    Image.fromarray(np.dstack(channels)).save(
        out, "JPEG", quality=PHOTO_QUALITY, exif=exif.tobytes(), icc_profile=SRGB_PROFILE
    )
    return out.getvalue()


def worker_memory_mb(master_pid: int) -> dict[int, Memory]:
    """Each gunicorn worker's memory, by pid.

    Unlike loopback's `worker_rss_mb`, keyed by pid (a restarted worker shows) and with VmHWM.
    """
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    memory = {}
    for pid in children:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except FileNotFoundError:  # it exited between the two reads
            continue
        fields = dict(line.split(":", 1) for line in lines if ":" in line)
        kib = {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}
        memory[int(pid)] = Memory(kib["VmRSS"] / 1024, kib["VmHWM"] / 1024)
    return memory


@contextlib.contextmanager
def sampled_peaks(master_pid: int) -> Iterator[dict[int, float]]:
    """Sample each worker's RSS every SAMPLE_SECONDS while the block runs; yields pid -> peak MB."""
    peaks: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while True:
            for pid, memory in worker_memory_mb(master_pid).items():
                peaks[pid] = max(memory.rss, peaks.get(pid, 0.0))
            if done.wait(SAMPLE_SECONDS):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peaks
    finally:
        done.set()
        sampler.join()


def call(port: int, method: str, path: str, document=None, headers=None):
    """A JSON API request; returns (status, headers, decoded body or raw bytes)."""
    sent = dict(headers or {})
    body = None
    if document is not None:
        body = json.dumps(document).encode()
        sent["Content-Type"] = "application/json"
    status, answered, raw = http_request(port, path, method, body, sent)
    with contextlib.suppress(ValueError):
        return status, answered, json.loads(raw)
    return status, answered, raw


def sign_in(port: int) -> dict[str, str]:
    """The bench editor's Authorization header."""
    email, password = EDITOR
    status, _, body = call(
        port, "POST", "/api/v1/auth/tokens", {"email": email, "password": password}
    )
    assert status == 201, f"sign-in answered {status}: {body}"
    return {"Authorization": f"Bearer {body['token']}"}


def create_products(port: int, auth: dict, slugs: list[str]) -> None:
    """One published product per slug, under a brand, category and finish made if missing."""
    terms = {
        "brands": {"name": "Media Bench", "slug": "media-bench"},
        "categories": {"name": "Media bench faucets", "slug": "media-bench-faucets"},
        "finishes": {"name": "Media bench chrome", "slug": "media-bench-chrome"},
    }
    for section, term in terms.items():
        status, _, body = call(port, "POST", f"/api/v1/{section}", term, auth)
        assert status in (201, 409), f"creating {section} answered {status}: {body}"
    for slug in slugs:
        product = {
            "name": f"Media bench faucet {slug}",
            "slug": slug,
            "brand": "media-bench",
            "category": "media-bench-faucets",
            "handle_type": "single",
            "mounting": "deck",
            "spout_type": "swivel",
            "variants": [
                {
                    "sku": slug.upper(),
                    "finish": "media-bench-chrome",
                    "price": {"amount": "199.00", "currency": "USD"},
                }
            ],
            "status": "published",
        }
        status, _, body = call(port, "POST", "/api/v1/products", product, auth)
        assert status == 201, f"creating {slug} answered {status}: {body}"


def multipart(data: bytes, filename: str, alt: str) -> tuple[bytes, str]:
    """A multipart/form-data body with one `file` part and its `alt` field, as a browser sends."""
    boundary = f"media-bench-{secrets.token_hex(16)}"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    )
    tail = (
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\n{alt}\r\n'
        f"--{boundary}--\r\n"
    )
    return head.encode() + data + tail.encode(), f"multipart/form-data; boundary={boundary}"


def upload(port: int, auth: dict, slug: str, data: bytes) -> Upload:
    """Upload `data` as the product's new photo under a fresh If-Match; time sending to the 201."""
    url = f"/api/v1/products/{slug}"
    status, headers, body = call(port, "GET", url, headers=auth)
    assert status == 200, f"GET {url} answered {status}: {body}"
    form, content_type = multipart(data, f"{slug}.jpg", f"Photo of {slug}")
    sent = {**auth, "If-Match": headers["ETag"], "Content-Type": content_type}
    before = time.perf_counter()
    try:
        status, _, raw = http_request(port, f"{url}/images", "POST", form, sent)
    except OSError as error:
        return Upload(time.perf_counter() - before, 0, str(error))
    seconds = time.perf_counter() - before
    if status != 201:
        return Upload(seconds, status, raw[:300].decode(errors="replace"))
    return Upload(seconds, status, sizes=json.loads(raw)["images"][-1]["sizes"])


def check_derivatives(port: int, done: Upload) -> list[str]:
    """Fetch each derivative the upload listed; count those that are right, return what is not."""
    wrong = []
    if len(done.sizes or []) != DERIVATIVES:
        wrong.append(f"{len(done.sizes or [])} derivatives listed, not {DERIVATIVES}")
    for size in done.sizes or []:
        status, headers, body = http_request(port, size["url"])
        if status != 200:
            wrong.append(f"GET {size['url']} answered {status}")
            continue
        with Image.open(io.BytesIO(body)) as image:
            actual = (image.width, image.height, Image.MIME.get(image.format or ""))
        if actual != (size["width"], size["height"], size["type"]):
            wrong.append(f"{size['url']} is {actual}, listed as {size}")
        elif headers.get("Cache-Control") != IMMUTABLE:
            wrong.append(f"{size['url']} has Cache-Control {headers.get('Cache-Control')!r}")
        else:
            done.available += 1
    return wrong


def stored_files(media_dir: Path) -> int:
    """Files under the media folder (derivatives; temp files are gone once a save returns)."""
    return sum(1 for path in media_dir.rglob("*") if path.is_file())


def measure_uploads(
    environment: dict, workdir: str, run: str, photos: list[bytes], warm_up: list[bytes], args
) -> dict:
    """Throwaway uploads, then the cold ones (RSS sampled), then the warm repeats; one gunicorn.

    Products are made for each upload, their slugs marked with `run`.
    """
    cold_slugs = [f"mb-{run}-cold-{n}" for n in range(len(photos))]
    warm_slugs = [f"mb-{run}-warm-{n}" for n in range(args.repeats)]
    throwaway_slugs = [f"mb-{run}-throwaway-{n}" for n in range(len(warm_up))]
    process, port = serve("wsgi:app", environment, args.workers, workdir)
    out: dict = {"problems": []}
    try:
        out["started"] = worker_memory_mb(process.pid)
        auth = sign_in(port)
        create_products(port, auth, throwaway_slugs + cold_slugs + warm_slugs)
        # Sent `workers` at a time, so that each worker is likely to take some.
        with ThreadPoolExecutor(args.workers) as pool:
            pairs = zip(throwaway_slugs, warm_up, strict=True)
            sends = [pool.submit(upload, port, auth, slug, photo) for slug, photo in pairs]
        throwaway = [send.result() for send in sends]
        out["problems"] += [
            f"throwaway upload: {done.detail}" for done in throwaway if done.status != 201
        ]
        out["idle"] = worker_memory_mb(process.pid)
        with sampled_peaks(process.pid) as peaks:
            out["cold"] = [
                upload(port, auth, s, p) for s, p in zip(cold_slugs, photos, strict=True)
            ]
        out["peaks"], out["high_water"] = peaks, worker_memory_mb(process.pid)
        out["warm"] = [upload(port, auth, slug, photos[0]) for slug in warm_slugs]
        out["after"] = worker_memory_mb(process.pid)
        for done in out["cold"] + out["warm"]:
            out["problems"] += check_derivatives(port, done) if done.sizes else [done.detail]
        served = [
            size
            for done in out["cold"] + out["warm"]
            for size in done.sizes or []
            if (size["width"], size["type"]) == SERVED
        ]
        out["served"] = served[0] if served else None
        out["served_bytes"] = http_get(port, served[0]["url"]) if served else b""
    finally:
        process.terminate()
        process.wait(timeout=30)
    out["files"] = stored_files(Path(environment["MEDIA_DIR"]))
    out["exceptions"] = logged_exceptions(workdir, "wsgi:app")
    return out


def measure_serving(environment: dict, workdir: str, target: str, path: str, args):
    """Serve `target` and GET `path` from `--clients` clients for `--seconds`, after a warm-up.

    Returns the figures and the body it answered.
    """
    process, port = serve(target, environment, args.workers, workdir)
    try:
        drive(port, path, args.workers * 20, args.clients, args.seconds)
        most = int(args.seconds * MOST_PER_SECOND)
        latencies, elapsed = drive(port, path, most, args.clients, args.seconds)
        body = http_get(port, path)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return figures(target, "gunicorn", latencies, elapsed, 1), body


def compare_serving(environment: dict, workdir: str, uploads: dict, args) -> list[Figures]:
    """The derivative through the catalogue, between two runs of the bare app with its bytes."""
    path, served = uploads["served"]["url"], uploads["served_bytes"]
    static = Path(workdir) / "served.jpg"
    static.write_bytes(served)
    bare = f"media_bench:static_file_app({str(static)!r})"
    plan = [(f"{BARE} (before)", bare), (CATALOGUE, "wsgi:app"), (f"{BARE} (after)", bare)]
    rows = []
    for scenario, target in plan:
        row, body = measure_serving(environment, workdir, target, path, args)
        assert body == served, f"{scenario} answered other bytes than the derivative"
        row.scenario = scenario
        rows.append(row)
    return rows


def upload_row(label: str, uploads: list[Upload]) -> None:
    """One row of the upload table: seconds of the 201s, failures counted apart."""
    ok = [done for done in uploads if done.status == 201]
    p50, p95 = (ms / 1000 for ms in percentiles_ms([done.seconds for done in ok], 50, 95))
    top = max((done.seconds for done in ok), default=float("nan"))
    available = sum(done.available for done in uploads)
    print(f"{label:<48}{len(uploads):>4}{len(uploads) - len(ok):>7}{p50:>8.2f}{p95:>8.2f}"
          f"{top:>8.2f}{f'{available}/{len(uploads) * DERIVATIVES}':>13}")  # fmt: skip


def megabytes_of(table: dict[int, Memory], pid: int, field: str = "rss") -> str:
    """One worker's figure from a reading, or "-" when it was not running then."""
    return f"{getattr(table[pid], field):.0f}" if pid in table else "-"


def report_uploads(out: dict, photos: list[bytes], made: float, warm_up: list[bytes]) -> None:
    """Print the upload and memory tables and anything that went wrong."""
    megabytes = [len(photo) / 1e6 for photo in photos]
    print(f"made {len(photos)} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} in {made:.1f} s: "
          f"{min(megabytes):.1f}-{max(megabytes):.1f} MB each")  # fmt: skip
    print("\nupload-to-available: sending POST …/images (one photo) to its 201, one at a time")
    print(f"{'scenario':<48}{'n':>4}{'errors':>7}{'p50 s':>8}{'p95 s':>8}{'max s':>8}"
          f"{'sizes 200':>13}")  # fmt: skip
    upload_row(COLD, out["cold"])
    upload_row(WARM, out["warm"])
    distinct = len(photos) + len(warm_up)
    print(f"files stored: {out['files']} ({DERIVATIVES} for each of {distinct} distinct photos, "
          f"throwaway round included: {DERIVATIVES * distinct})")  # fmt: skip
    print(f"\ngunicorn worker RSS (MB), sampled every {SAMPLE_SECONDS * 1000:.0f} ms during the "
          "cold uploads")  # fmt: skip
    print(f"{'worker pid':<12}{'started':>9}{'idle before':>13}{'peak sampled':>14}"
          f"{'VmHWM':>8}{'after':>8}")  # fmt: skip
    pids = sorted({*out["started"], *out["idle"], *out["peaks"], *out["after"]})
    for pid in pids:
        peak = f"{out['peaks'][pid]:.0f}" if pid in out["peaks"] else "-"
        print(f"{pid:<12}{megabytes_of(out['started'], pid):>9}{megabytes_of(out['idle'], pid):>13}"
              f"{peak:>14}{megabytes_of(out['high_water'], pid, 'high_water'):>8}"
              f"{megabytes_of(out['after'], pid):>8}")  # fmt: skip
    if any(out["peaks"].get(pid, 0) <= memory.rss + 1 for pid, memory in out["idle"].items()):
        print("  a worker whose peak is its idle figure took no cold upload: one request at a time")
        print("  goes to whichever worker is waiting in accept(), often the same one")
    if len(pids) > len(out["started"]):
        print("  a worker was replaced during the run (a pid appears late): see the server log")
    problems = out["problems"]
    for problem in problems[:5]:
        print(f"  PROBLEM: {problem}")
    if len(problems) > 5:
        print(f"  … {len(problems) - 5} more problems")
    for line, count in out["exceptions"].most_common(3):
        print(f"  logged {count} times: {line[:160]}")


def report_serving(rows: list[Figures], served: dict, size: int, args) -> None:
    """Print the serving table; throughput as a share of the bare app's faster run."""
    ceiling = max(row.per_second for row in rows if row.scenario.startswith(BARE))
    print(f"\nserving GET {served['url']} ({served['width']}x{served['height']} JPEG, "
          f"{size:,} bytes), {args.clients} clients, {args.seconds:g} s per row")  # fmt: skip
    width = max(len(row.scenario) for row in rows) + 2
    print(f"{'scenario':<{width}}{'via':<10}{'requests':>9}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'req/s':>7}{'of bare app':>12}")  # fmt: skip
    for row in rows:
        share = row.per_second / ceiling
        print(f"{row.scenario:<{width}}{row.channel:<10}{row.requests:>9}{row.p50_ms:>8.2f}"
              f"{row.p95_ms:>8.2f}{row.per_second:>7.0f}{share:>12.0%}")  # fmt: skip


def main() -> None:
    args = parse_args()
    print(f"media benchmark: {args.uploads} uploads, {args.workers} gunicorn workers, "
          f"{args.clients} clients (load average "
          f"{'/'.join(f'{v:.2f}' for v in os.getloadavg())})", flush=True)  # fmt: skip
    run = secrets.randbits(32)  # new photos each run: a reused database has not seen them
    started = time.perf_counter()
    photos = [photo_jpeg([run, 0, number]) for number in range(args.uploads)]
    made = time.perf_counter() - started
    warm_up = [photo_jpeg([run, 1, n], WARM_UP_SIZE) for n in range(args.workers * 2)]
    with tempfile.TemporaryDirectory(prefix="media-bench-") as workdir:
        settings = {
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.db",
            "SECRET_KEY": "benchmark",
            "SEARCH_INDEX_DIR": f"{workdir}/search-index",
            "MEDIA_STORAGE": "local",
            "MEDIA_DIR": f"{workdir}/media",
            "MEDIA_BASE_URL": "",
            # One client address sends thousands of reads: the limiter is not what is measured.
            "RATELIMIT_ENABLED": "false",
            # A default-strength password check takes 64 MB in whichever worker signs in; cheap
            # settings keep the memory figures about images.
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_KIB": "1024",
        }
        environment = {**os.environ, **settings, "PYTHONPATH": str(PROJECT)}
        flask_command(environment, "db", "upgrade", "heads")
        email, password = EDITOR
        # On a reused database the editor is there already; signing in tells.
        flask_command(
            environment, "users", "create", "--email", email, "--role", "editor",
            "--password", password, check=False,
        )  # fmt: skip
        uploads = measure_uploads(environment, workdir, f"{run:08x}", photos, warm_up, args)
        report_uploads(uploads, photos, made, warm_up)
        if uploads["served"] is None:
            print("\nno upload succeeded: nothing to serve")
            return
        rows = compare_serving(environment, workdir, uploads, args)
        report_serving(rows, uploads["served"], len(uploads["served_bytes"]), args)


if __name__ == "__main__":
    main()

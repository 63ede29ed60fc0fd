"""Screenshots of the Dagster UI on the demo province, for the README and the officers' guide.

Runs the pipeline on the committed demo (a temporary warehouse and Dagster instance), starts
`dagster-webserver` on a free local port and drives headless Chromium over the DevTools
protocol (with `websockets`, already locked for the webserver; no browser download), then
writes PNGs to `docs/screenshots/`. Needs Debian's `chromium` (`apt-get install chromium`);
a developer tool, not part of the tests.

    .venv/bin/python scripts/screenshots.py [--chromium /usr/bin/chromium]
"""

import argparse
import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
SIZE = {"width": 1600, "height": 1000}
SCHOOL = "54103646"
PAGES = {
    "asset-graph.png": "/asset-groups",
    "asset-graph-quality.png": "/locations/edu_pipeline.definitions/asset-groups/quality/lineage",
    "asset-checks.png": "/assets/student_findings?view=checks",
    "school-view.png": f"/assets/school_status?view=partitions&partition={SCHOOL}",
}
DISMISS = """[...document.querySelectorAll('button')]
  .filter(b => ['Skip', 'Dismiss', 'Got it'].includes(b.textContent.trim()))
  .forEach(b => b.click())"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


async def capture(ws_url: str, pages: dict[str, str], out_dir: Path) -> None:
    async with websockets.connect(ws_url, max_size=50_000_000) as page:
        counter = 0

        async def call(method: str, **params) -> dict:
            nonlocal counter
            counter += 1
            await page.send(json.dumps({"id": counter, "method": method, "params": params}))
            while True:
                message = json.loads(await page.recv())
                if message.get("id") == counter:
                    return message.get("result", {})

        await call("Emulation.setDeviceMetricsOverride", deviceScaleFactor=1, mobile=False,
                   **SIZE)  # fmt: skip
        for name, url in pages.items():
            await call("Page.navigate", url=url)
            await asyncio.sleep(8)  # the UI loads its data over GraphQL after the page
            await call("Runtime.evaluate", expression=DISMISS)
            await asyncio.sleep(2)
            shot = await call("Page.captureScreenshot", format="png")
            (out_dir / name).write_bytes(base64.b64decode(shot["data"]))
            print(f"wrote {out_dir / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "DAGSTER_HOME": work, "EDU_RAW_DIR": str(ROOT / "data/raw/demo"),
               "EDU_WAREHOUSE_DIR": f"{work}/warehouse", "EDU_AS_OF": "2026-03-26"}
        Path(work, "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        subprocess.run([BIN / "edu-pipeline", "run"], env=env, check=True, cwd=ROOT)
        subprocess.run([BIN / "edu-pipeline", "run", "--school", SCHOOL], env=env, check=True,
                       cwd=ROOT)  # fmt: skip
        web_port, debug_port = free_port(), free_port()
        web = subprocess.Popen([BIN / "dagster-webserver", "-w", "workspace.yaml", "-h",
                                "127.0.0.1", "-p", str(web_port)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        browser = subprocess.Popen(
            [args.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={work}/chromium",
             f"--remote-debugging-port={debug_port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{web_port}"
            wait_for(base + "/server_info")
            targets = json.loads(wait_for(f"http://127.0.0.1:{debug_port}/json/list"))
            ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            pages = {name: base + path for name, path in PAGES.items()}
            (report,) = Path(work, "warehouse", "current", "report").glob("*.html")
            pages["quarterly-report.png"] = report.as_uri()  # the HTML report, offline
            asyncio.run(capture(ws_url, pages, args.out))
        finally:
            for process in (browser, web):
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()

"""`dossier serve` in a real browser: headless Chromium loads the page, the browser draws,
typing `/Yusov` shows his row, and the page asks no host but its own for anything.

Chromium comes from Debian's packages (`apt-get install chromium`); where /usr/bin/chromium
is missing (CI) the browser test is skipped; DOSSIER_CHROMIUM names another binary. It is driven over the DevTools protocol with
aiohttp, which textual-serve brings. Set DOSSIER_SERVE_SCREENSHOT=path.png to keep the picture.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dossier import locate
from dossier.tui.serve import browse_command

CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))
aiohttp = pytest.importorskip("aiohttp", reason="the web extra (textual-serve) is not installed")
pytest.importorskip("textual_serve", reason="the web extra (textual-serve) is not installed")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no {CHROMIUM}: install Debian's chromium package to run the browser test"
)

# Runs in the page before its own scripts: keeps the xterm.js terminal that textual.js makes
# (`this.terminal = new Terminal(...)`), so the test can read the screen the page draws.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.__terminal = value;
  },
});
"""
SCREEN = """(() => {
  const t = window.__terminal;
  if (!t) return "";
  const b = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """End a process this test started, and the children it started (its own group)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait_for(ready, proc: subprocess.Popen, what: str, seconds: float = 90):
    """ready()'s first true answer while proc runs (a loaded 2-core machine may take a while)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"{what} exited with {proc.returncode}"
        answer = ready()
        if answer:
            return answer
        time.sleep(0.2)
    raise AssertionError(f"{what} was not ready after {seconds} s")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def test_the_served_page_runs_this_dossier_with_this_python():
    command = browse_command(Path("data/dossier.db"))
    assert command.startswith(sys.executable) and command.endswith(str(Path("data/dossier.db").resolve()))


def test_the_page_template_names_no_other_host():
    page = (Path(__file__).parents[1] / "dossier" / "tui" / "web" / "app_index.html").read_text("utf-8")
    assert not re.search(r"(src|href|url)\s*[=(]\s*[\"']?(https?:)?//", page)
    assert "{{ config.static.url }}fonts/" in page


@pytest.fixture
def served(tmp_path):
    """`dossier serve` on a free local port, on the shipped dossier; its URL."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dossier", "serve", "--port", str(port), "--db", str(locate.sample_db())],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        _wait_for(lambda: _listening(port), proc, "dossier serve")
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(proc)
        log.close()


@pytest.fixture
def chromium(tmp_path):
    """Headless Chromium with the DevTools protocol on a port it chooses; that port."""
    profile = tmp_path / "profile"
    proc = subprocess.Popen(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--remote-debugging-port=0",
            "--window-size=1400,900", "about:blank",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    def port() -> int | None:  # Chromium writes the port it listens on into the profile
        try:
            return int((profile / "DevToolsActivePort").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    try:
        found = _wait_for(port, proc, "Chromium")
        _wait_for(lambda: _listening(found), proc, "Chromium's DevTools port")
        yield found
    finally:
        _stop(proc)


class DevTools:
    """A minimal DevTools protocol client for one page: commands, and the events seen."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []

    async def send(self, method: str, **params):
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json(timeout=30)
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    async def screen(self) -> str:
        result = await self.send("Runtime.evaluate", expression=SCREEN, returnByValue=True)
        return result["result"].get("value", "")

    async def wait_for(self, check, seconds: float = 90) -> str:
        deadline = time.monotonic() + seconds
        text = ""
        while time.monotonic() < deadline:
            text = await self.screen()
            if check(text):
                return text
            await asyncio.sleep(0.25)
        raise AssertionError("the page never showed it; last screen:\n" + text)

    async def type(self, keys: str) -> None:
        for key in keys:
            await self.send("Input.dispatchKeyEvent", type="keyDown", key=key, text=key, unmodifiedText=key)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=key)
            await asyncio.sleep(0.05)

    def requested(self) -> list[str]:
        urls = [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]
        return urls + [e["params"]["url"] for e in self.events if e.get("method") == "Network.webSocketCreated"]


def _actor_rows(screen: str) -> list[str]:
    """The rows of the Actors pane, the first column: `│   11   5❝   1◆ Andriy Yusov  pe…`."""
    firsts = (line.split("││")[0] for line in screen.splitlines())
    return [column for column in firsts if re.match(r"│ +\d+ ", column)]


@needs_chromium
async def test_in_headless_chromium_the_page_loads_and_typing_slash_yusov_shows_his_row(served, chromium, tmp_path):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{chromium}/json/list") as response:
            targets = await response.json()
        page_ws = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        async with http.ws_connect(page_ws, max_msg_size=0) as ws:
            page = DevTools(ws)
            await page.send("Page.enable")
            await page.send("Network.enable")
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=KEEP_TERMINAL)
            await page.send("Page.navigate", url=served)

            before = await page.wait_for(lambda s: "Actors" in s and "Sources" in s and len(_actor_rows(s)) > 3)
            assert any("Ukraine" in row for row in _actor_rows(before))

            await page.send("Runtime.evaluate", expression="document.querySelector('.xterm-helper-textarea').focus()")
            await page.type("/Yusov")
            after = await page.wait_for(
                lambda s: "Yusov" in s and _actor_rows(s) and all(" Ukraine " not in r for r in _actor_rows(s))
            )
            rows = _actor_rows(after)
            assert "Andriy Yusov" in rows[0], rows

            shot = await page.send("Page.captureScreenshot", format="png")
            png = base64.b64decode(shot["data"])
            assert png.startswith(b"\x89PNG")
            (tmp_path / "serve.png").write_bytes(png)
            if os.environ.get("DOSSIER_SERVE_SCREENSHOT"):
                shutil.copy(tmp_path / "serve.png", os.environ["DOSSIER_SERVE_SCREENSHOT"])

            origin = urlsplit(served).netloc
            requested = page.requested()
            assert requested, "no requests were seen"
            elsewhere = [u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != origin]
            assert elsewhere == [], elsewhere

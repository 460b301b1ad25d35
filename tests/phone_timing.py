"""How fast a tapped figure's fact page is readable on a slow phone (`make phone`; not a test).

Serves the built site (site/) over http with gzip and ten minutes of caching, as GitHub Pages
does, and drives Chromium
with Lighthouse's mobile settings: 4x CPU slowdown and slow 4G (150 ms round trip, 1.6 Mbps
down). A reader opens the deliveries page, taps a figure (the first tap shows its preview), taps
again to follow it, and we time the fact page from the tap to its first paint and to its load.
Prints the times; asserts nothing, since machines are shared and noisy.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import sys
import threading
import time
from pathlib import Path

CHROMIUM = os.environ.get("FACTBOOK_CHROMIUM", "/usr/bin/chromium")
TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")


class Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed when the browser accepts it."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        # GitHub Pages lets browsers keep files for ten minutes: a second page reuses the theme.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(TEXT) and os.path.isfile(path)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def main(site: Path, start: str = "deliveries.html") -> None:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Gzip, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                      has_touch=True, device_scale_factor=3)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        # Lighthouse's "slow 4G" as DevTools applies it: 150 ms RTT x 3.75, 1.6 Mbps x 0.9.
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 562.5, "downloadThroughput": 1.6e6 / 8 * 0.9,
            "uploadThroughput": 750e3 / 8 * 0.9})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        t0 = time.perf_counter()
        page.goto(base + start, wait_until="load")
        print(f"{start}, first visit: loaded in {time.perf_counter() - t0:.2f} s")
        figure = page.locator("article a.fact-figure").first
        figure.scroll_into_view_if_needed()
        figure.tap()
        page.wait_for_timeout(300)
        t0 = time.perf_counter()
        with page.expect_navigation(wait_until="domcontentloaded"):
            figure.tap()
        tapped = time.perf_counter() - t0
        page.wait_for_load_state("load")
        fcp = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0]"
                            " || {}).startTime || 0")
        load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        print(f"tap -> {page.url.rsplit('/', 1)[-1]}: first paint {fcp / 1000:.2f} s and load "
              f"{load / 1000:.2f} s after the navigation began; page ready {tapped:.2f} s "
              "after the tap")
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))

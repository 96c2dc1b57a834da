"""What the web application's tests share: a ledger filled by the real ingest, the application
on a loopback port in a real uvicorn server, and Debian's Chromium driven headless by Selenium.

The browser is the Debian `chromium` and `chromium-driver` packages (`.ci/run` installs them):
without them the browser tests skip with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from pytest_httpserver import HTTPServer

from flows.ingest import ingest
from tests.conftest import write_config
from tests.pages import article_html, rss_feed
from tests.shared_data import SHARED_DATA_DIR
from tests.stories import WIRE_STORY, syndicated_copy
from tests.test_dedup import T0

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEEDS = SHARED_DATA_DIR / "seeds"
SEED_DATES = ["2016-02-15T10:00:00+00:00", "2016-09-30T12:00:00+00:00"]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(
    os.environ.get("CLAIMLEDGER_SCREENSHOTS", Path(__file__).resolve().parent / ".screenshots")
)
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,1000",
)


@dataclass(frozen=True)
class Ledger:
    database_url: str
    config: Path


# Three reports of one monitor's count on a loopback site: a timeline of three points, and a
# medics' claim repeated word for word (a claim group of three articles).
HARBOUR_REPORTS = [
    ("2026-03-01", "The Harbour Monitoring Group said at least 16 civilians were killed."),
    ("2026-03-03", "The Harbour Monitoring Group said 23 civilians were killed."),
    ("2026-03-05", "The Harbour Monitoring Group said 31 civilians had been killed."),
]
HARBOUR_MEDICS = "Medics at the city hospital said 9 children were killed in the shelling."
# A wire story and a subscriber's copy of it: one cluster of copies.
WIRE_COPIES = {"/wire/dam": WIRE_STORY, "/partner/dam": syndicated_copy(WIRE_STORY)}


def fill_ledger(database_url: str, directory: Path) -> Ledger:
    """One real ingest pass (Prefect flow) over the bundled example feed, three harbour reports
    served from a loopback server and, when the development data is there, the two seed
    articles, served from it too."""
    sources = f'[[sources]]\nname = "example-world"\nurl = "{EXAMPLES / "feeds" / "world.xml"}"\n'
    with HTTPServer(host="127.0.0.1", port=0) as server:
        reports = []
        for day, sentence in HARBOUR_REPORTS:
            path = f"/harbour/{day}"
            server.expect_request(path).respond_with_data(
                article_html(
                    f"Harbour shelling, {day}",
                    [sentence, HARBOUR_MEDICS, "The port has been shelled every night."],
                    published=f"{day}T09:00:00+00:00",
                ),
                content_type="text/html; charset=utf-8",
            )
            reports.append((server.url_for(path), f"Harbour shelling, {day}", T0))
        for path, paragraphs in WIRE_COPIES.items():
            server.expect_request(path).respond_with_data(
                article_html("Varka dam bursts", paragraphs, published="2026-03-03T07:00:00+00:00"),
                content_type="text/html; charset=utf-8",
            )
            reports.append((server.url_for(path), "Varka dam bursts", T0))
        # An entry whose page is gone: a failed entry of the source.
        server.expect_request("/harbour/gone").respond_with_data("gone", status=404)
        reports.append((server.url_for("/harbour/gone"), "Harbour: removed report", T0))
        server.expect_request("/harbour.xml").respond_with_data(
            rss_feed(reports), content_type="application/rss+xml"
        )
        sources += f'[[sources]]\nname = "harbour"\nurl = "{server.url_for("/harbour.xml")}"\n'
        seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
        if seeds:
            items = []
            for index, (seed, when) in enumerate(zip(seeds, SEED_DATES, strict=True)):
                paragraphs = [line.strip() for line in seed.read_text().splitlines()]
                path = f"/syria/{seed.stem}"
                server.expect_request(path).respond_with_data(
                    article_html(
                        f"Seed article {index + 1}", list(filter(None, paragraphs)), published=when
                    ),
                    content_type="text/html; charset=utf-8",
                )
                items.append((server.url_for(path), f"Seed article {index + 1}", T0))
            server.expect_request("/syria.xml").respond_with_data(
                rss_feed(items), content_type="application/rss+xml"
            )
            sources += f'[[sources]]\nname = "syria"\nurl = "{server.url_for("/syria.xml")}"\n'
        config = write_config(directory, database_url, sources)
        ingest(kind="manual", config_path=str(config))
    return Ledger(database_url, config)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The application in a real uvicorn server on a free loopback port; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="web-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web application did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def browser_problem() -> str | None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        return (
            f"no {' or '.join(missing)}: the browser tests need Debian's chromium and "
            "chromium-driver (apt-get install -y chromium chromium-driver)"
        )
    return None


@contextmanager
def chromium(downloads: Path) -> Iterator[Any]:
    """Debian's Chromium, headless, offline-quiet, saving downloads into `downloads`."""
    problem = browser_problem()
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem} (CI=true: the browser tests must run, not skip)")
        pytest.skip(problem)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in BROWSER_FLAGS:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: Any, name: str) -> Path:
    """Save what the browser shows as SCREENSHOTS/NAME.png (kept out of the repository)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def downloaded(directory: Path, name: str, timeout: float = 15) -> Path:
    """The file the browser finished downloading as `name`."""
    path = directory / name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and not (directory / f"{name}.crdownload").exists():
            return path
        time.sleep(0.05)
    raise AssertionError(f"the browser did not download {name}: {list(directory.iterdir())}")


def follow(driver: Any, element: Any, expected: str, timeout: float = 15) -> None:
    """Click `element` and wait until the browser has loaded a page whose URL has `expected`."""
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(driver, timeout).until(
        lambda d: (
            expected in d.current_url
            and d.execute_script("return document.readyState") == "complete"
        )
    )

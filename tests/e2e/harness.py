"""Drives the real Latchkey binary: tauri-driver -> WebKitWebDriver -> the app window.

Each `LatchkeyApp.launch()` starts a fresh tauri-driver (on free ports, with the environment the
app should see) and opens one WebDriver session, which starts the app. `quit()` ends both.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from contextlib import closing
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

APP = Path(os.environ.get("LATCHKEY_E2E_APP", "target/debug/latchkey")).resolve()
# The example host app (examples/notes), which adds Latchkey as a plugin.
NOTES_APP = Path(os.environ.get("LATCHKEY_E2E_NOTES_APP", "target/debug/latchkey-notes")).resolve()
ARTIFACTS = Path(os.environ.get("LATCHKEY_E2E_ARTIFACTS", "target/e2e-artifacts")).resolve()

# See LatchkeyApp.screenshot. Style set through the CSSOM, which the page's CSP allows.
REPAINT_EVERY_FRAME = """
const mark = document.createElement('div');
mark.setAttribute('aria-hidden', 'true');
mark.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;background:#808080;opacity:0.01';
document.documentElement.append(mark);
let frame = 0;
const flip = () => {
  if (!mark.isConnected) return;
  mark.style.opacity = frame++ % 2 ? '0.01' : '0.02';
  requestAnimationFrame(flip);
};
requestAnimationFrame(flip);
window.__latchkeyE2eRepaint = mark;
"""
DEFAULT_WAIT = 20


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tauri-driver exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"tauri-driver did not listen on {port} within {timeout}s")


class LatchkeyApp:
    """One running app window."""

    def __init__(self, driver: webdriver.Remote, tauri_driver: subprocess.Popen, log_path: Path):
        self.driver = driver
        self._tauri_driver = tauri_driver
        self.log_path = log_path
        self.closed = False

    @classmethod
    def launch(cls, env: dict[str, str], log_path: Path, binary: Path = APP) -> "LatchkeyApp":
        if not binary.exists():
            raise FileNotFoundError(f"app binary not built: {binary}")
        port, native_port = free_port(), free_port()
        full_env = {**os.environ, **env}
        log = open(log_path, "ab")
        proc = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native_port)],
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, 15, proc)
            # tauri-driver answers before WebKitWebDriver listens; a session asked for in between
            # fails with "client error (Connect)".
            wait_for_port(native_port, 15, proc)
            options = ArgOptions()
            options.set_capability("browserName", "wry")
            options.set_capability("tauri:options", {"application": str(binary)})
            driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        except Exception:
            proc.terminate()
            proc.wait(10)
            raise
        return cls(driver, proc, log_path)

    # --- finding and waiting -------------------------------------------------------------
    def wait(self, timeout: float = DEFAULT_WAIT) -> WebDriverWait:
        # Screens re-render: an element found a moment ago may be gone; just look again.
        return WebDriverWait(self.driver, timeout, poll_frequency=0.05,
                             ignored_exceptions=(StaleElementReferenceException,))

    def screen(self, name: str, timeout: float = DEFAULT_WAIT):
        """Waits until the screen with data-screen=NAME is shown and returns its root."""
        return self.wait(timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-screen="{name}"]'))
        )

    def by_testid(self, testid: str, timeout: float = DEFAULT_WAIT):
        return self.wait(timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]'))
        )

    def text_of_testid(self, testid: str, contains: str, timeout: float = DEFAULT_WAIT) -> str:
        """The textContent of the element with data-testid=TESTID once it contains CONTAINS.
        (textContent, not WebDriver's rendered text, which WebKitWebDriver reports empty for
        the status bar's inline spans.)"""
        def read(_):
            els = self.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
            text = els[0].get_attribute("textContent") if els else ""
            return text if contains in text else False
        return self.wait(timeout).until(read)

    def _first_visible(self, what: str, find, timeout: float):
        try:
            return self.wait(timeout).until(lambda _: find() or False)
        except TimeoutException:
            raise AssertionError(f"no visible {what} within {timeout}s") from None

    def input_labelled(self, label: str, within=None, timeout: float = DEFAULT_WAIT):
        """The input whose visible <label> reads exactly LABEL (the accessibility contract)."""
        root = within or self.driver

        def find():
            for lab in root.find_elements(By.TAG_NAME, "label"):
                if lab.text.strip() == label and lab.is_displayed():
                    return self.driver.find_element(By.ID, lab.get_attribute("for"))
            return None
        return self._first_visible(f"label {label!r}", find, timeout)

    def button(self, text: str, within=None, timeout: float = DEFAULT_WAIT):
        """The visible button reading exactly TEXT."""
        root = within or self.driver

        def find():
            for b in root.find_elements(By.TAG_NAME, "button"):
                if b.text.strip() == text and b.is_displayed():
                    return b
            return None
        button = self._first_visible(f"button {text!r}", find, timeout)
        # A long form (registration with its invite field) reaches below the fold: a person
        # scrolls to the button, and WebDriver refuses to click what is outside the window.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", button)
        return button

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        # The app has WebKit draw on the CPU (src-tauri/src/rendering.rs), and WebKitWebDriver
        # then answers a screenshot only after the page's next paint: a page with nothing
        # changing (no caret blinking, or a window under another) never paints, and the
        # request would wait forever. A 1-pixel, all but transparent mark is repainted every
        # frame while the screenshot is taken.
        self.driver.execute_script(REPAINT_EVERY_FRAME)
        try:
            self.driver.save_screenshot(str(path))
        finally:
            self.driver.execute_script("window.__latchkeyE2eRepaint?.remove()")
        return path

    def quit(self) -> None:
        """Closes the window and its driver; calling it again does nothing."""
        if self.closed:
            return
        self.closed = True
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001 - the app may already be gone; the driver goes next
            pass
        finally:
            self._tauri_driver.terminate()
            try:
                self._tauri_driver.wait(10)
            except subprocess.TimeoutExpired:
                self._tauri_driver.kill()

import os
import re
import subprocess
from pathlib import Path

import pytest

from harness import APP, ARTIFACTS, LatchkeyApp


def forget_remembered_sessions() -> None:
    """The test desktop's keyring is shared by every test: start each one with nothing in it."""
    for account in ("session", "smtp-password", "sms-secret", "database-password", "fleet-key"):
        subprocess.run(["secret-tool", "clear", "service", "dev.latchkey.app", "username", account], check=False)


@pytest.fixture(autouse=True)
def clean_keyring():
    forget_remembered_sessions()
    yield
    forget_remembered_sessions()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def launch(request, data_dir: Path, tmp_path: Path):
    """launch(**env) starts the app with LATCHKEY_DATA_DIR=data_dir plus ENV; every window still
    open at the end of the test is screenshotted (target/e2e-artifacts/<test>.png) and closed."""
    apps: list[LatchkeyApp] = []
    test_name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)

    def _launch(binary: Path = APP, **env: str) -> LatchkeyApp:
        full = {"LATCHKEY_DATA_DIR": str(data_dir), "LATCHKEY_LOG": "info", **env}
        app = LatchkeyApp.launch(full, tmp_path / f"tauri-driver-{len(apps)}.log", binary)
        apps.append(app)
        return app

    yield _launch
    for i, app in enumerate(apps):
        if app.closed:
            continue
        try:
            # The web view's storage outlives the data dir: a language chosen here must not
            # carry over into the next test.
            app.driver.execute_script("try { localStorage.removeItem('latchkey.language') } catch (e) {}")
        except Exception:  # noqa: BLE001
            pass
        try:
            if app.driver.session_id:
                suffix = "" if i == len(apps) - 1 else f"-{i}"
                app.screenshot(f"{test_name}{suffix}")
        except Exception:  # noqa: BLE001 - a failed screenshot must not hide the test's result
            pass
        app.quit()

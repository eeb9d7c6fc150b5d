"""The real SMTP server the end-to-end tests send to: tests/smtp_server/server.py (aiosmtpd) on
127.0.0.1, writing each received message as an .eml file into a folder."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "tests" / "smtp_server" / "server.py"
PYTHON = os.environ.get("LATCHKEY_TEST_PYTHON", sys.executable)
CODE = re.compile(r"\b(\d{3}[ -]?\d{3})\b")


class MailServer:
    def __init__(self, folder: Path, *extra: str):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [PYTHON, str(SERVER), "--port", "0", "--outdir", str(folder), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        line = self.proc.stdout.readline()
        m = re.match(r"READY (\d+)", line or "")
        if not m:
            self.proc.kill()
            raise RuntimeError(f"SMTP test server did not start: {line!r}")
        self.port = int(m.group(1))

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def messages(self) -> list[email.message.EmailMessage]:
        out = []
        for path in sorted(self.folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
            out.append(email.message_from_bytes(path.read_bytes(), policy=email.policy.default))
        return out

    def wait_for(self, to: str, subject_contains: str, count: int = 1, timeout: float = 20):
        """Waits until COUNT messages to TO whose subject contains SUBJECT_CONTAINS arrived."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                m for m in self.messages()
                if to.lower() in str(m["To"]).lower() and subject_contains.lower() in str(m["Subject"]).lower()
            ]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                subjects = [(str(m["To"]), str(m["Subject"])) for m in self.messages()]
                raise AssertionError(f"no {count}x {subject_contains!r} mail for {to} within {timeout}s; got {subjects}")
            time.sleep(0.1)

    def latest_code(self, to: str, subject_contains: str, count: int = 1) -> str:
        msg = self.wait_for(to, subject_contains, count)[-1]
        text = msg.get_body(preferencelist=("plain",)).get_content()
        m = CODE.search(text)
        assert m, f"no code in mail text: {text!r}"
        return re.sub(r"\D", "", m.group(1))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()

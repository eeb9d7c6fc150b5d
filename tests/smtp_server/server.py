#!/usr/bin/env python3
"""A real SMTP server for Latchkey's mail tests (aiosmtpd, https://pypi.org/project/aiosmtpd/).

Listens on 127.0.0.1, writes each accepted message to OUTDIR as NNNN-<uuid>.eml (written to a
temporary name first, then renamed, so a reader never sees half a file), and prints
"READY <port>" on stdout once it accepts connections.

    server.py --port 0 --outdir DIR [--starttls --cert C --key K] [--implicit-tls --cert C --key K]
              [--auth user:pass] [--fail-first N] [--reject-rcpt REGEX]

--fail-first N   answer 451 to the first N DATA commands (transient failure)
--reject-rcpt R  answer 550 to RCPT TO addresses matching the regular expression R
--auth U:P       require AUTH (PLAIN/LOGIN) with these credentials (530 without it)
--starttls       offer STARTTLS and require it before MAIL (needs --cert/--key)
--implicit-tls   TLS from the first byte, like port 465 (needs --cert/--key)
"""

import argparse
import asyncio
import os
import re
import ssl
import sys
import uuid

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    print(
        "aiosmtpd is not installed for this Python (%s). Create a venv: "
        "python3 -m venv /work/.venv-mail && /work/.venv-mail/bin/pip install aiosmtpd, "
        "then set LATCHKEY_TEST_PYTHON=/work/.venv-mail/bin/python" % sys.executable,
        file=sys.stderr,
        flush=True,
    )
    sys.exit(3)


class Handler:
    def __init__(self, outdir, fail_first, reject_rcpt):
        self.outdir = outdir
        self.fail_first = fail_first
        self.reject_rcpt = re.compile(reject_rcpt) if reject_rcpt else None
        self.data_commands = 0
        self.accepted = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and self.reject_rcpt.search(address):
            return "550 5.1.1 <%s>: Recipient address rejected: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.data_commands <= self.fail_first:
            return "451 4.3.0 Temporary local problem, please try again later"
        self.accepted += 1
        name = "%04d-%s" % (self.accepted, uuid.uuid4().hex)
        tmp = os.path.join(self.outdir, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.outdir, name + ".eml"))
        print("accepted message %s for %s" % (name, envelope.rcpt_tos), file=sys.stderr, flush=True)
        return "250 2.0.0 OK: queued as %s" % name


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--outdir", required=True)
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--reject-rcpt")
    args = p.parse_args()

    os.makedirs(args.outdir, exist_ok=True)
    handler = Handler(args.outdir, args.fail_first, args.reject_rcpt)

    tls_context = None
    if args.starttls or args.implicit_tls:
        if not (args.cert and args.key):
            p.error("--starttls/--implicit-tls need --cert and --key")
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    auth_kwargs = {}
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == user
                and auth_data.password.decode() == password
            )
            # handled=False: aiosmtpd then answers 535 itself (handled=True means "already answered").
            return AuthResult(success=ok, handled=False)

        auth_kwargs = dict(
            authenticator=authenticator,
            auth_required=True,
            # Plain-text AUTH is fine on 127.0.0.1 in tests without TLS.
            auth_require_tls=args.starttls,
        )

    def factory():
        kwargs = dict(auth_kwargs)
        if args.starttls:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        return SMTP(handler, hostname="localhost", **kwargs)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory,
            host="127.0.0.1",
            port=args.port,
            ssl=tls_context if args.implicit_tls else None,
        )
        port = server.sockets[0].getsockname()[1]
        print("READY %d" % port, flush=True)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

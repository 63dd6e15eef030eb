"""A real SMTP server on a free local port (aiosmtpd), with MAILERS pointed at it for the test.

The `smtp_sink` fixture lives in tests/conftest.py; `smtp_sink.messages` holds the parsed
`email.message.EmailMessage` objects received, in order.
"""

from __future__ import annotations

import email
import re
import socket
from email import policy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self):
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.messages.append(
            email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        )
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"

    def mailers(self) -> dict:
        """A MAILERS setting that sends through this sink."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 10},
            }
        }

    def to(self, address: str) -> list:
        return [m for m, rcpt in zip(self.messages, self.recipients, strict=True) if address in rcpt]

    def bodies(self) -> list[str]:
        return [m.get_body(preferencelist=("plain",)).get_content() for m in self.messages]

    def last_code(self) -> str:
        """The 6-digit one-time code of the last message that has one."""
        for body in reversed(self.bodies()):
            found = re.search(r"(?<!\d)\d{6}(?!\d)", body)
            if found:
                return found.group()
        raise AssertionError("no message with a code")

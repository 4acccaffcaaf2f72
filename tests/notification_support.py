"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what arrives, and an app that sends to it with huey
running tasks inline (immediate mode) right after the transition's commit."""
from __future__ import annotations

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import TEST_CONFIG

BASE_URL = "https://thidua.example.vn"
REFUSED_MARK = "tu-choi"  # a recipient containing this is refused with 550 by the test server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: accepts mail, refuses REFUSED_MARK recipients, keeps the parsed messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if REFUSED_MARK in address:
            return "550 5.1.1 Hop thu khong ton tai"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture(scope="session")
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    smtp_server.handler.messages.clear()
    return smtp_server.handler


def mail_config(port: int, **extra) -> dict:
    return {**TEST_CONFIG, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": 5,
            "MAIL_RETRIES": 0, "MAIL_RETRY_DELAY": 60, "HUEY_IMMEDIATE": True, "BASE_URL": BASE_URL,
            "MAIL_FROM": "thidua@bdt.example.vn", **extra}


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()

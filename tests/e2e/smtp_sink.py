#!/usr/bin/python3
"""An SMTP server on loopback for tests (Debian's python3-aiosmtpd).

Each message it receives is appended to OUT as one JSON line:
{"rcpt": [...], "to": "...", "subject": "...", "text": "..."}, the subject and
the text/plain part decoded. Prints "ready" once it listens; runs until
SIGTERM.

Usage: smtp_sink.py PORT OUT
"""
import email
import email.policy
import json
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content,
                                           policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "rcpt": envelope.rcpt_tos,
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "text": body.get_content() if body is not None else "",
        }
        with open(self.out, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()

"""The benchmark's mail server stand-in: each message is rendered to bytes (the work an SMTP
backend does before the network) and counted, not delivered."""

from django.core.mail.backends.base import BaseEmailBackend


class RenderingOutbox(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            message.message().as_bytes()
        return len(email_messages)

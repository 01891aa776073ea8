"""An e-mail backend for the fault tests: each message becomes one file, after a delay per recipient.

It stands in for the mail server (the one external gateway of a fan-out): the delay makes a batch
last long enough to kill the worker in the middle of it, and one file per delivery lets the test
count every delivery (per envelope recipient), including a copy re-sent after a crash.
"""

import os
import time
import uuid

from django.core.mail.backends.base import BaseEmailBackend


class FileOutbox(BaseEmailBackend):
    def __init__(self, *, directory: str, delay: float = 0.02, **kwargs):
        super().__init__(**kwargs)
        self.directory = directory
        self.delay = float(os.environ.get("FAULTS_MAIL_DELAY", delay))

    def send_messages(self, email_messages):
        for message in email_messages:
            time.sleep(self.delay * len(message.recipients()))  # a mail server's time per recipient
            name = os.path.join(self.directory, f"{uuid.uuid4().hex}.eml")
            with open(name + ".part", "wb") as part:
                # The envelope recipients first (Bcc is not in the message), then the message.
                part.write(f"X-Envelope-To: {', '.join(message.recipients())}\n".encode())
                part.write(message.message().as_bytes())
            os.replace(name + ".part", name)  # a killed worker leaves no half-written delivery
        return len(email_messages)

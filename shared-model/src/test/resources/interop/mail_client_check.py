"""Reads a message the way a mail client does (Python's standard e-mail parser) and reports what it sees.

Prints one JSON object: subject, the plain-text body's first line, attachment file names, and every
defect the parser found. Exit code 0 when the message parsed without defects and has a readable body.
"""
import email
import email.policy
import json
import sys

with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=email.policy.default)

defects = [f"{type(d).__name__}" for part in message.walk() for d in part.defects]
defects += [type(d).__name__ for d in message.defects]
signed_content = message.get_payload(0) if message.is_multipart() else message
body = signed_content.get_body(preferencelist=("plain",))
attachments = [part.get_filename() for part in message.walk() if part.get_filename()]
report = {
    "subject": str(message["subject"]),
    "content_type": message.get_content_type(),
    "first_line": body.get_content().splitlines()[0] if body is not None else None,
    "attachments": attachments,
    "defects": defects,
}
print(json.dumps(report, ensure_ascii=False))
sys.exit(0 if not defects and body is not None else 1)

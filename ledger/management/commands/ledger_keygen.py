import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledger.anchors import new_private_key_pem


class Command(BaseCommand):
    help = (
        "Write a new Ed25519 ledger signing key to PATH (mode 0600, never overwriting) and "
        "print its public key for LEDGER_PUBLIC_KEY and the auditors."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the private key (outside the database)")

    def handle(self, *args, path, **options):
        pem, public = new_private_key_pem()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as error:
            raise CommandError(f"{path} exists; a signing key is never overwritten.") from error
        try:
            os.write(descriptor, pem)
        finally:
            os.close(descriptor)
        os.chmod(path, 0o600)
        self.stderr.write(f"Private key written to {Path(path).resolve()} (mode 0600).")
        self.stdout.write(public)

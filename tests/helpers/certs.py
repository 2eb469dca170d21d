"""TLS certificates made by a test: a CA and a server certificate it signs (so a client
can be given ``--ca-file``), or one self-signed certificate (the "not trusted" case)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerCert:
    cert: Path  #: the server's certificate (PEM; with the self-signed kind, also its CA)
    key: Path  #: its private key (PEM)
    ca: Path  #: the certificate a client must trust (the CA, or the cert itself)
    sha256: str  #: the server certificate's SHA-256 fingerprint, "AB:CD:..."


def _key():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key) -> bytes:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_server_cert(folder: Path, *, self_signed: bool = False,
                     hostnames: tuple[str, ...] = ("localhost",),
                     addresses: tuple[str, ...] = ("127.0.0.1",)) -> ServerCert:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    alt = x509.SubjectAlternativeName(
        [x509.DNSName(h) for h in hostnames]
        + [x509.IPAddress(ipaddress.ip_address(a)) for a in addresses])
    server_key = _key()
    server_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostnames[0])])
    if self_signed:
        issuer_key, issuer_name = server_key, server_name
        ca_cert = None
    else:
        issuer_key = _key()
        issuer_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Followup Test CA")])
        ca_cert = (x509.CertificateBuilder().subject_name(issuer_name).issuer_name(issuer_name)
                   .public_key(issuer_key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(hours=1))
                   .not_valid_after(now + dt.timedelta(days=2))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                                False, False), critical=True)
                   .sign(issuer_key, hashes.SHA256()))
    builder = (x509.CertificateBuilder().subject_name(server_name).issuer_name(issuer_name)
               .public_key(server_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(hours=1))
               .not_valid_after(now + dt.timedelta(days=2))
               .add_extension(alt, critical=False)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                              critical=False))
    if self_signed:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None),
                                        critical=True)
    else:
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None),
                                        critical=True)
    server_cert = builder.sign(issuer_key, hashes.SHA256())
    cert_pem = server_cert.public_bytes(serialization.Encoding.PEM)
    (folder / "server.crt").write_bytes(cert_pem)
    (folder / "server.key").write_bytes(_pem_key(server_key))
    (folder / "server.key").chmod(0o600)
    if ca_cert is None:
        (folder / "ca.crt").write_bytes(cert_pem)
    else:
        (folder / "ca.crt").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    der = server_cert.public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest().upper()
    return ServerCert(cert=folder / "server.crt", key=folder / "server.key",
                      ca=folder / "ca.crt",
                      sha256=":".join(digest[i:i + 2] for i in range(0, len(digest), 2)))

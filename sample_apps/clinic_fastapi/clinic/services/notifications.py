"""E-mails sent after the response, from FastAPI background tasks.

Background tasks run after the request's connection is closed, so each opens its own.
"""
import logging
import smtplib
import sqlite3
from email.message import EmailMessage

from ..config import get_settings
from ..db import connect

logger = logging.getLogger(__name__)


def send_email(to: str, subject: str, body: str) -> None:
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)


def _log(conn: sqlite3.Connection, kind: str, recipient: str, related_id: int) -> None:
    conn.execute(
        "INSERT INTO notification_log (kind, recipient, related_id) VALUES (?, ?, ?)",
        (kind, recipient, related_id),
    )
    conn.commit()


def _appointment_contact(conn: sqlite3.Connection, appointment_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT a.starts_at, p.email, p.first_name, d.full_name AS doctor_name"
        " FROM appointments a JOIN patients p ON p.id = a.patient_id"
        " JOIN doctors d ON d.id = a.doctor_id WHERE a.id = ?",
        (appointment_id,),
    ).fetchone()


def send_appointment_confirmation(appointment_id: int) -> None:
    conn = connect(get_settings().database_path)
    try:
        row = _appointment_contact(conn, appointment_id)
        if row is None or not row["email"]:
            return
        send_email(
            row["email"],
            "Your appointment is booked",
            f"Dear {row['first_name']},\n\nyour appointment with {row['doctor_name']} "
            f"is booked for {row['starts_at']}.\n",
        )
        _log(conn, "appointment_confirmation", row["email"], appointment_id)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send confirmation for appointment %s", appointment_id)
    finally:
        conn.close()


def send_cancellation_notice(appointment_id: int, reason: str) -> None:
    conn = connect(get_settings().database_path)
    try:
        row = _appointment_contact(conn, appointment_id)
        if row is None or not row["email"]:
            return
        send_email(
            row["email"],
            "Your appointment was cancelled",
            f"Dear {row['first_name']},\n\nyour appointment on {row['starts_at']} was cancelled: "
            f"{reason}\nPlease call us to book a new time.\n",
        )
        _log(conn, "appointment_cancellation", row["email"], appointment_id)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send cancellation for appointment %s", appointment_id)
    finally:
        conn.close()


def send_invoice_email(invoice_id: int) -> None:
    conn = connect(get_settings().database_path)
    try:
        row = conn.execute(
            "SELECT i.number, i.total_cents, i.paid_cents, i.due_at, p.email, p.first_name"
            " FROM invoices i JOIN patients p ON p.id = i.patient_id WHERE i.id = ?",
            (invoice_id,),
        ).fetchone()
        if row is None or not row["email"]:
            return
        due = (row["total_cents"] - row["paid_cents"]) / 100
        send_email(
            row["email"],
            f"Invoice {row['number']}",
            f"Dear {row['first_name']},\n\nplease find invoice {row['number']} "
            f"for {due:.2f} EUR, due on {row['due_at']}.\n",
        )
        _log(conn, "invoice", row["email"], invoice_id)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send invoice %s", invoice_id)
    finally:
        conn.close()

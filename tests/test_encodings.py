"""Encodings: a page's own charset declaration honoured, legacy text without one detected."""

from __future__ import annotations

import pytest

from tracker.read import decode, read_document

ARABIC = "انسحبت قوات التحالف من قاعدة القائم على الحدود مع سوريا في 17 آذار."
RUSSIAN = "Войска покинули авиабазу в провинции и передали её иракской армии."
GREEK = "Οι δυνάμεις αποχώρησαν από τη βάση στις 17 Μαρτίου."
POLISH = "Polski kontyngent wojskowy zakończył wycofywanie żołnierzy z bazy w Iraku; przekazanie nastąpiło w środę."
FRENCH = "Le retrait s’est achevé … « une étape » œuvre déjà cédée à l’armée malienne."


def page(head: str, body: str, title: str = "موجز القواعد") -> str:
    return f"<!doctype html><html><head>{head}<title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>"


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1256">',
    "<meta charset=windows-1256>",
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
])
def test_an_html_pages_declared_charset_is_honoured(head: str) -> None:
    data = page(head, ARABIC).encode("cp1256")
    doc = read_document(data, "brief.html")
    assert doc.encoding == "cp1256" and doc.warnings == ()
    assert doc.blocks[0].text == "موجز القواعد"
    assert any(ARABIC in b.text for b in doc.blocks)


def test_an_xml_declaration_is_honoured() -> None:
    data = f'<?xml version="1.0" encoding="windows-1251"?><html><body><p>{RUSSIAN}</p></body></html>'.encode("cp1251")
    text, encoding, warnings = decode(data)
    assert (encoding, warnings) == ("cp1251", []) and RUSSIAN in text


def test_latin1_label_reads_as_windows_1252_as_browsers_do() -> None:
    data = page('<meta charset="iso-8859-1">', FRENCH, "Brief").encode("cp1252")
    text, encoding, _ = decode(data)
    assert encoding == "cp1252" and FRENCH in text


def test_a_wrong_declaration_falls_back_to_reading_the_bytes() -> None:
    data = page('<meta charset="windows-1256">', "x").encode("utf-8")  # valid UTF-8 wins
    assert decode(data)[1] == "utf-8"
    data = page('<meta charset="no-such-charset">', RUSSIAN * 2, "Сводка").encode("cp1251")
    text, encoding, warnings = decode(data)
    assert encoding == "cp1251" and RUSSIAN in text and "detected" in warnings[0]


@pytest.mark.parametrize("sample, codec", [
    (ARABIC * 2, "cp1256"), (RUSSIAN * 2, "cp1251"), (GREEK * 2, "cp1253"), (POLISH * 2, "cp1250"),
    (FRENCH * 2, "cp1252"),
])
def test_legacy_text_without_a_declaration_is_detected(sample: str, codec: str) -> None:
    text, encoding, warnings = decode(sample.encode(codec))
    assert text == sample and encoding == codec
    assert len(warnings) == 1 and "not valid UTF-8" in warnings[0]


def test_a_short_sample_the_detector_is_unsure_of_reads_as_windows_1252() -> None:
    text, encoding, _ = decode("abc \u00e9t\u00e9".encode("cp1252"))
    assert (text, encoding) == ("abc \u00e9t\u00e9", "cp1252")

"""Legacy text without a declaration: how often each way of reading it gets the text back.

Compares the fixed Windows-1252 fallback, charset-normalizer (as it is, and limited to
single-byte code pages) and chardet, on the reading tests' legacy samples and on short briefs
in ten languages. A detector that is not installed is left out. Run from the repository:

    python benchmarks/encodings.py      # pip install charset-normalizer chardet first
"""
import importlib.util
import statistics
import time
from pathlib import Path

W = Path(__file__).resolve().parent.parent
SAHEL = (W / "tests/data/reading/sahel.txt").read_text(encoding="utf-8")
LEGACY = "Caf\u00e9 \u201cbrief\u201d\n\nThe na\u00efve plan \u2013 on 3 May \u2013 went ahead.\n"
REF = (W / "tests/data/reference/2020-04-11.txt").read_text(encoding="utf-8")
STRESS = "Situation brief \u00e9t\u00e9 \u2013 caf\u00e9\nAs of 3 May 2020\n\n1. On 2 May 2020, troops withdrew from Camp Alpha.\n"
samples = [
    ("sahel cp1252 (reading test)", SAHEL, "cp1252"),
    ("LEGACY cp1252 (reading test)", LEGACY, "cp1252"),
    ("stress legacy cp1252", STRESS, "cp1252"),
    ("reference brief cp1252 (’ only)", REF, "cp1252"),
    ("French latin-1", "Le retrait des troupes fran\u00e7aises de la base de Gao s\u2019est achev\u00e9 \u00e0 la fin ao\u00fbt; \u00ab\u00a0une \u00e9tape\u00a0\u00bb, selon l\u2019\u00e9tat-major. D\u00e9j\u00e0 trois camps ont \u00e9t\u00e9 c\u00e9d\u00e9s.".replace("\u2019", "'") * 3, "latin-1"),
    ("French cp1252", "Le retrait s\u2019est achev\u00e9 \u2026 \u00ab\u00a0une \u00e9tape\u00a0\u00bb \u0153uvre d\u00e9j\u00e0 c\u00e9d\u00e9e \u00e0 l\u2019arm\u00e9e malienne.", "cp1252"),
    ("German cp1252", "Die Bundeswehr hat das Feldlager in Gao \u00fcbergeben; der R\u00fcckzug aus Mali soll bis M\u00e4rz abgeschlossen sein. \u201eEin gro\u00dfer Schritt\u201c, hie\u00df es.", "cp1252"),
    ("Polish cp1250", "Polski kontyngent wojskowy zako\u0144czy\u0142 wycofywanie \u017co\u0142nierzy z bazy w Iraku; przekazanie nast\u0105pi\u0142o w \u015brod\u0119.", "cp1250"),
    ("Russian cp1251", "\u0412\u043e\u0439\u0441\u043a\u0430 \u043f\u043e\u043a\u0438\u043d\u0443\u043b\u0438 \u0430\u0432\u0438\u0430\u0431\u0430\u0437\u0443 \u0432 \u043f\u0440\u043e\u0432\u0438\u043d\u0446\u0438\u0438 \u0438 \u043f\u0435\u0440\u0435\u0434\u0430\u043b\u0438 \u0435\u0451 \u0438\u0440\u0430\u043a\u0441\u043a\u043e\u0439 \u0430\u0440\u043c\u0438\u0438.", "cp1251"),
    ("Arabic cp1256", "\u0627\u0646\u0633\u062d\u0628\u062a \u0642\u0648\u0627\u062a \u0627\u0644\u062a\u062d\u0627\u0644\u0641 \u0645\u0646 \u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0642\u0627\u0626\u0645 \u0639\u0644\u0649 \u0627\u0644\u062d\u062f\u0648\u062f \u0645\u0639 \u0633\u0648\u0631\u064a\u0627 \u0641\u064a 17 \u0622\u0630\u0627\u0631.", "cp1256"),
    ("Greek cp1253", "\u039f\u03b9 \u03b4\u03c5\u03bd\u03ac\u03bc\u03b5\u03b9\u03c2 \u03b1\u03c0\u03bf\u03c7\u03ce\u03c1\u03b7\u03c3\u03b1\u03bd \u03b1\u03c0\u03cc \u03c4\u03b7 \u03b2\u03ac\u03c3\u03b7 \u03c3\u03c4\u03b9\u03c2 17 \u039c\u03b1\u03c1\u03c4\u03af\u03bf\u03c5.", "cp1253"),
    ("Turkish cp1254", "T\u00fcrk Silahl\u0131 Kuvvetleri \u00fcsten \u00e7ekildi\u011fini a\u00e7\u0131klad\u0131; \u015fehirdeki kamp devredildi.", "cp1254"),
    ("English cp1252 50 KB, one ’", ("The coalition handed the base back to Iraqi forces on 4 April. " * 800) + "The base\u2019s runway stays.", "cp1252"),
]

def cp1252_fallback(b):
    try: return b.decode("cp1252")
    except UnicodeDecodeError: return b.decode("latin-1")

def cn_plain(b):
    from charset_normalizer import from_bytes
    best = from_bytes(b).best()
    return str(best) if best else None

ISO = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "koi8_r", "iso8859_15"]
def cn_iso(b):
    from charset_normalizer import from_bytes
    best = from_bytes(b, cp_isolation=ISO).best()
    return str(best) if best else None

def chardet_(b):
    import chardet
    enc = chardet.detect(b)["encoding"]
    try: return b.decode(enc) if enc else None
    except Exception: return None

methods = {"cp1252 fallback": cp1252_fallback}
if importlib.util.find_spec("charset_normalizer"):
    methods.update({"charset-normalizer": cn_plain, "charset-normalizer, single-byte list": cn_iso})
if importlib.util.find_spec("chardet"):
    methods["chardet"] = chardet_
print("| sample | " + " | ".join(methods) + " |")
print("| --- |" + " --- |" * len(methods))
right = {m: 0 for m in methods}
times = {m: [] for m in methods}
for name, text, enc in samples:
    data = text.encode(enc)
    row = []
    for m, f in methods.items():
        f(data)
        t = time.perf_counter(); out = f(data); times[m].append(time.perf_counter() - t)
        ok = out == text
        right[m] += ok
        row.append("✓" if ok else "✗")
    print(f"| {name} | " + " | ".join(row) + " |")
print("| right | " + " | ".join(f"{right[m]}/{len(samples)}" for m in methods) + " |")
print("| median ms | " + " | ".join(f"{statistics.median(times[m])*1000:.2f}" for m in methods) + " |")

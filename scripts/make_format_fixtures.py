#!/usr/bin/env python3
"""Make the file-format fixtures of tests/formats.rs from the bundled samples.

    python3 scripts/make_format_fixtures.py [OUT_DIR]   # default tests/fixtures/formats

Needs fpdf2, python-docx and Pillow (pip), a CJK font (Debian's
fonts-wqy-microhei) and, for the LibreOffice-made PDF, soffice
(libreoffice-writer-nogui). The fixtures are committed: `cargo test` does
not run this script.

Made:
  xialu-2021.pdf        fpdf2, Simplified: the title as a running header on
                        every page, `— N —` at the foot, paragraphs indented
  panjin-2021.pdf       fpdf2, Traditional: running header, `第N页 共M页`,
                        no indents
  xialu-2021.docx       python-docx: metadata rows as a table, a page header
                        and a page-number footer (not document text)
  panjin-2021.docx      python-docx, Traditional, paragraphs only
  dongli-2021, hanyang-2021, shaoyang-2024 (.pdf, .docx)
                        the other samples the same way as xialu-2021
  xialu-2021-lo.pdf     LibreOffice's PDF of xialu-2021.docx made without the
                        table (its header and page-number footer on every page)
  panjin-2021-lo.pdf    the same of panjin-2021.docx (Traditional; quotation
                        marks that the line breaker keeps with their words)
  scan.pdf              two pages that are only images (no text layer)
  legacy.doc, legacy.wps, legacy.ofd   stand-ins with the real signatures
"""

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import WrapMode
from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
REPORTS = os.path.join(ROOT, "assets", "reports")


def sample(name):
    with open(os.path.join(REPORTS, name + ".txt"), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def title_of(lines):
    """The report's title: the first line naming a report (报告) that is not
    a metadata row."""
    return next(l for l in lines if ("报告" in l or "報告" in l) and not META_ROW.match(l))


class Paged(FPDF):
    """A4 pages with a running header and a page-number footer."""

    def __init__(self, header_text, footer):
        super().__init__(format="A4")
        self.header_text = header_text
        self.footer_fmt = footer
        self.add_font("wqy", fname=FONT)
        self.set_margins(25, 25, 25)
        self.set_auto_page_break(True, margin=25)
        self.alias_nb_pages("{nb}")

    def header(self):
        self.set_font("wqy", size=9)
        self.set_y(12)
        self.cell(0, 6, self.header_text, align="C")
        self.set_y(25)

    def footer(self):
        self.set_y(-18)
        self.set_font("wqy", size=10)
        self.cell(0, 8, self.footer_fmt.format(n=self.page_no()), align="C")


def make_pdf(lines, out, footer, indent):
    pdf = Paged(title_of(lines), footer)
    pdf.add_page()
    pdf.set_font("wqy", size=12)
    for line in lines:
        if not line.strip():
            continue
        text = ("\u3000\u3000" + line) if indent else line
        pdf.multi_cell(0, 7, text, align="L", wrapmode=WrapMode.CHAR)
        pdf.ln(1)
    pdf.output(out)


# A metadata row: `名 称: value`, several on one line (`索 引 号: … 发布日期: …`).
META_ROW = re.compile(r"^[\u4e00-\u9fff ]{2,8}[:：]")
META_CELL = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff ]{0,6}[:：]")


def meta_cells(line):
    """A metadata line cut into key and value cells."""
    cells, last = [], 0
    for m in META_CELL.finditer(line):
        if m.start() > last:
            cells.append(line[last : m.start()].strip())
        cells.append(m.group(0))
        last = m.end()
    cells.append(line[last:].strip())
    return [c for c in cells if c]


def add_field(paragraph, instr):
    """A Word field (`PAGE`) in a paragraph."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def make_docx(lines, out, table_rows):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "WenQuanYi Micro Hei"
    # The same font for CJK text (not only for Latin): one embedded font.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "WenQuanYi Micro Hei")
    style.font.size = Pt(12)
    section = doc.sections[0]
    section.header.paragraphs[0].text = title_of(lines)
    foot = section.footer.paragraphs[0]
    foot.add_run("— ")
    add_field(foot, "PAGE")
    foot._p.append(foot.add_run(" —")._r)  # after the field
    rows = []

    def flush_rows():
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                table.cell(i, j).text = c
        rows.clear()

    for line in lines:
        if table_rows and META_ROW.match(line):
            rows.append(meta_cells(line))
            continue
        flush_rows()
        if line.strip():
            doc.add_paragraph(line)
    flush_rows()
    doc.save(out)


def make_scan(lines, out):
    """Pages that are pictures of text: no text layer."""
    font = ImageFont.truetype(FONT, 11)
    pdf = FPDF(format="A4")
    for page in range(2):
        img = Image.new("L", (310, 438), 255)
        draw = ImageDraw.Draw(img)
        y = 40
        for line in lines[page * 6 : page * 6 + 6]:
            for k in range(0, min(len(line), 150), 25):
                draw.text((20, y), line[k : k + 25], font=font, fill=0)
                y += 15
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=30)
        buf.seek(0)
        pdf.add_page()
        pdf.image(buf, x=0, y=0, w=210, h=297)
    pdf.output(out)


def make_legacy(out_dir):
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    for name in ("legacy.doc", "legacy.wps"):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(ole)
    with zipfile.ZipFile(os.path.join(out_dir, "legacy.ofd"), "w") as z:
        z.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD '
                   'xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>')


def libreoffice_pdf(docx, out):
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
             "--convert-to", "pdf", "--outdir", tmp, docx],
            check=True, stdout=subprocess.DEVNULL,
        )
        made = os.path.join(tmp, os.path.basename(docx)[: -len(".docx")] + ".pdf")
        shutil.copy(made, out)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "fixtures", "formats")
    os.makedirs(out_dir, exist_ok=True)
    xialu, panjin = sample("xialu-2021"), sample("panjin-2021")
    make_pdf(xialu, os.path.join(out_dir, "xialu-2021.pdf"), "— {n} —", indent=True)
    make_pdf(panjin, os.path.join(out_dir, "panjin-2021.pdf"), "第{n}页 共{{nb}}页", indent=False)
    make_docx(xialu, os.path.join(out_dir, "xialu-2021.docx"), table_rows=True)
    make_docx(panjin, os.path.join(out_dir, "panjin-2021.docx"), table_rows=False)
    # The other samples, each as a PDF and a DOCX (every sample is checked).
    for name in ("dongli-2021", "hanyang-2021", "shaoyang-2024"):
        lines = sample(name)
        make_pdf(lines, os.path.join(out_dir, name + ".pdf"), "— {n} —", indent=True)
        make_docx(lines, os.path.join(out_dir, name + ".docx"), table_rows=True)
    with tempfile.TemporaryDirectory() as tmp:
        # Without the table: LibreOffice wraps narrow cells into lines of
        # their own, which no reading order puts back together.
        for name, lines in (("xialu-2021", xialu), ("panjin-2021", panjin)):
            src = os.path.join(tmp, name + "-lo.docx")
            make_docx(lines, src, table_rows=False)
            libreoffice_pdf(src, os.path.join(out_dir, name + "-lo.pdf"))
    make_scan(xialu, os.path.join(out_dir, "scan.pdf"))
    make_legacy(out_dir)
    for name in sorted(os.listdir(out_dir)):
        print(f"{os.path.getsize(os.path.join(out_dir, name)):>8}  {name}")


if __name__ == "__main__":
    main()

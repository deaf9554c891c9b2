#!/usr/bin/env python3
"""The "afternoon's Python pipeline" that baogao's throughput target is measured against.

It does the job of `baogao parse --json` with off-the-shelf packages, the way a
competent analyst would write it in an afternoon: regexes compiled once, no
deliberate slowness, no heroic optimisation.  For every .txt / .html / .htm
report under the given paths (files or folders, walked recursively, sorted):

  read bytes -> detect the encoding (charset-normalizer) -> decode
  -> HTML: text via BeautifulSoup with the lxml parser
  -> Traditional -> Simplified (OpenCC "t2s") -> NFKC
  -> title line, year, region, issuer
  -> headings (一、 / （一） / 1. 1、 / （1）) with levels, as a nested tree
  -> indicators: numbers with units (Arabic or Chinese numerals, 万/亿 scaling,
     余/多/近/约/超过 approximations), each with a name (the preceding words of
     its clause), its sentence, line and section

and prints one JSON object per report per line on stdout, like baogao.  At the
end it prints a count summary (reports, headings, indicators) and the time spent
in each stage on stderr.

    pip install --break-system-packages charset-normalizer beautifulsoup4 lxml opencc-python-reimplemented
    python3 scripts/python_pipeline.py DIR [DIR|FILE ...] > out.jsonl
"""

import json
import os
import re
import sys
import time
import unicodedata

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes
from opencc import OpenCC

EXTS = (".txt", ".html", ".htm")
CC = OpenCC("t2s")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千"

# Heading markers, after NFKC (full-width brackets and digits are ASCII by then).
HEADINGS = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})[、.]\s*(.+)$")),
    (2, re.compile(r"^\(([一二三四五六七八九十]{1,3})\)\s*(.+)$")),
    (3, re.compile(r"^(\d{1,2})(?:[、]|\.(?!\d))\s*(.+)$")),
    (4, re.compile(r"^\((\d{1,2})\)\s*(.+)$")),
]
HEADING_END = re.compile(r"[。;:]")

UNITS = ["个工作日", "人次", "件次", "家次", "场次", "户次", "万元", "亿元",
         "件", "个", "家", "场", "次", "人", "条", "起", "名", "元", "份", "项",
         "类", "位", "篇", "块", "轮", "卷", "部", "户", "台", "所", "期", "批",
         "宗", "天", "小时", "%"]
INDICATOR = re.compile(
    r"(?P<pre>超过|近|约|逾|达)?"
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[" + CN_NUM + r"]+)"
    r"(?P<post>余|多)?"
    r"(?P<scale>万|亿)?"
    r"(?P<post2>余|多)?"
    r" ?(?P<unit>" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")"
)
SENTENCE = re.compile(r"[^。!?]+[。!?]?")
CLAUSE_SEP = re.compile(r"[,;:、]")
NAME_LEAD = re.compile(r"^(?:其中|全年|共计|累计|总计|合计|全部|共|截至目前|今年以来|年内)+")
NAME_TAIL = re.compile(r"(?:达到|达|为|共计|共|累计|了|约|近|超过|逾|等)+$")
YEAR = re.compile(r"(20\d\d)年")
REGION = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|旗|州|盟))")
ISSUER = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:人民政府|委员会|办公室|司法局|局|厅|委|办))")
TITLE_HINT = re.compile(r"报告|情况|工作总结")


def cn_to_int(s):
    """Chinese numeral (一 … 九千九百九十九) to int; None if it isn't one."""
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and len(s) > 1 and all(c in CN_DIGITS for c in s):
                # 一二三 style digit strings
                digit = digit * 10 + CN_DIGITS[ch]
            else:
                digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def read_text(path):
    raw = open(path, "rb").read()
    best = from_bytes(raw).best()
    text = str(best) if best is not None else raw.decode("utf-8", "replace")
    return text


def html_to_text(text):
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n")


def find_title(lines):
    for i, line in enumerate(lines[:5]):
        if len(line) <= 60 and TITLE_HINT.search(line) and not line.endswith("。"):
            return i, line
    return None, None


def parse_heading(line):
    for level, rx in HEADINGS:
        m = rx.match(line)
        if m:
            title = m.group(2)
            end = HEADING_END.search(title)
            if end:
                title = title[:end.start()]
            title = title.strip()
            if not title:
                return None
            title = title[:60]  # run-in heading with no full stop
            return level, m.group(0)[: m.start(2)].strip(), title
    return None


def indicator_name(sentence, start):
    head = sentence[:start]
    cut = max((m.end() for m in CLAUSE_SEP.finditer(head)), default=0)
    name = NAME_LEAD.sub("", head[cut:].strip())
    name = NAME_TAIL.sub("", name)
    return name


def indicators_in(line, lineno, section, out):
    for sm in SENTENCE.finditer(line):
        sentence = sm.group(0).strip()
        if not sentence:
            continue
        for m in INDICATOR.finditer(sentence):
            num = m.group("num")
            start = m.start()
            if num[0].isdigit():
                # not part of a longer number or a year/date
                if start > 0 and (sentence[start - 1].isdigit() or sentence[start - 1] == "."):
                    continue
                value = float(num.replace(",", ""))
            else:
                if num == "一" or (start > 0 and sentence[start - 1] in "第十"):
                    continue  # 一个/一次 as an article, 第三次 as an ordinal
                v = cn_to_int(num)
                if v is None:
                    continue
                value = float(v)
            if m.start("num") > 0 and sentence[m.start("num") - 1] == "第":
                continue
            unit = m.group("unit")
            if m.group("scale"):
                value *= 10000 if m.group("scale") == "万" else 100000000
            if unit in ("万元", "亿元"):
                value *= 10000 if unit == "万元" else 100000000
                unit = "元"
            approx = None
            if m.group("post") or m.group("post2"):
                approx = "over"
            elif m.group("pre") in ("超过", "逾"):
                approx = "over"
            elif m.group("pre") in ("近",):
                approx = "under"
            elif m.group("pre") == "约":
                approx = "about"
            if value.is_integer():
                value = int(value)
            out.append({
                "name": indicator_name(sentence, start),
                "raw": m.group(0),
                "value": value,
                "unit": unit,
                "approx": approx,
                "sentence": sentence,
                "line": lineno,
                "section": section,
            })


def parse_report(path, timings):
    t0 = time.perf_counter()
    text = read_text(path)
    t1 = time.perf_counter()
    if path.lower().endswith((".html", ".htm")):
        text = html_to_text(text)
    t2 = time.perf_counter()
    simplified = CC.convert(text)
    script = "traditional" if simplified != text else "simplified"
    text = unicodedata.normalize("NFKC", simplified)
    t3 = time.perf_counter()

    lines = [(n, l.strip()) for n, l in enumerate(text.splitlines(), 1)]
    lines = [(n, l) for n, l in lines if l]
    title_idx, title = find_title([l for _, l in lines])
    head = title or " ".join(l for _, l in lines[:3])
    year_m = YEAR.search(head) or YEAR.search(" ".join(l for _, l in lines[:10]))
    region_m = REGION.search(title or "") or REGION.search(" ".join(l for _, l in lines[:3]))
    issuer_m = ISSUER.search(head)

    sections, stack, counters, indicators = [], [], {}, []
    current = None
    for i, (lineno, line) in enumerate(lines):
        if i == title_idx:
            continue
        h = parse_heading(line)
        if h:
            level, marker, htitle = h
            while stack and stack[-1]["level"] >= level:
                stack.pop()
            siblings = stack[-1]["children"] if stack else sections
            parent_id = stack[-1]["id"] if stack else ""
            node = {"id": (parent_id + "." if parent_id else "") + str(len(siblings) + 1),
                    "level": level, "marker": marker, "title": htitle,
                    "line": lineno, "children": []}
            siblings.append(node)
            stack.append(node)
            current = node["id"]
            rest = line[len(marker):].strip()[len(htitle):]
            if rest:
                indicators_in(rest, lineno, current, indicators)
            continue
        indicators_in(line, lineno, current, indicators)
    t4 = time.perf_counter()

    timings["read+detect+decode"] += t1 - t0
    timings["html"] += t2 - t1
    timings["opencc+nfkc"] += t3 - t2
    timings["structure+indicators"] += t4 - t3
    return {
        "path": path,
        "title": title,
        "year": int(year_m.group(1)) if year_m else None,
        "region": region_m.group(1) if region_m else None,
        "issuer": issuer_m.group(1) if issuer_m else None,
        "script": script,
        "sections": sections,
        "indicators": indicators,
    }


def walk(paths):
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, _dirs, files in os.walk(p):
                found.extend(os.path.join(root, f) for f in files if f.lower().endswith(EXTS))
            yield from sorted(found)
        else:
            yield p


def count_sections(nodes):
    return sum(1 + count_sections(n["children"]) for n in nodes)


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    t_start = time.perf_counter()
    timings = {"read+detect+decode": 0.0, "html": 0.0, "opencc+nfkc": 0.0,
               "structure+indicators": 0.0}
    t_json = 0.0
    reports = headings = indicators = 0
    out = sys.stdout
    for path in walk(argv):
        rep = parse_report(path, timings)
        t = time.perf_counter()
        out.write(json.dumps(rep, ensure_ascii=False))
        out.write("\n")
        t_json += time.perf_counter() - t
        reports += 1
        headings += count_sections(rep["sections"])
        indicators += len(rep["indicators"])
    out.flush()
    timings["json"] = t_json
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items())
    print(f"python_pipeline: {reports} reports, {headings} headings, {indicators} indicators "
          f"in {time.perf_counter() - t_start:.2f}s ({stages})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

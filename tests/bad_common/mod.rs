//! Bad inputs for the robustness tests (tests/bad_inputs.rs,
//! tests/tui_survival.rs), generated into a temporary folder: none are
//! committed.
#![allow(dead_code)]

use encoding_rs::GBK;
use std::fs;
use std::path::{Path, PathBuf};

pub const SAMPLES: [&str; 5] = [
    "dongli-2021",
    "hanyang-2021",
    "panjin-2021",
    "shaoyang-2024",
    "xialu-2021",
];

pub fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/reports/{name}.txt"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A small deterministic generator (xorshift64*), so the random bytes are the
/// same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 56) as u8).collect()
    }
}

/// Whether this process reads files whatever their mode (root): `chmod 000`
/// cannot make a file unreadable then.
pub fn reads_anything(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    fs::write(&probe, "x").unwrap();
    set_mode(&probe, 0o000);
    let privileged = fs::read(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    privileged
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// A news page: a dated article about a phone launch, no region, no report.
pub const NEWS: &str = "科技频道 > 正文\n\
新款手机发布会今日举行 续航提升三成\n\
2023年10月12日 10:35 来源：本站综合\n\
本报讯 记者 王明\n\
昨天晚上，某科技公司在发布会上推出了新一代旗舰手机。新机搭载自研芯片，电池容量达到5000毫安时，官方称续航比上一代提升30%。\n\
发布会现场吸引了近千名观众。该公司负责人表示，今年以来公司手机出货量超过1200万台，同比增长15%。\n\
业内人士认为，随着市场竞争加剧，各厂商将在影像和续航方面继续发力。\n\
责任编辑：李华\n\
相关新闻\n";

/// A recipe, with numbered steps that look like headings and quantities that
/// look like indicators.
pub const RECIPE: &str = "红烧肉的家常做法\n\
用料：五花肉500克，冰糖30克，生抽两勺，老抽一勺，料酒一勺，姜三片，葱两根，八角两个。\n\
一、准备\n\
1. 五花肉切成三厘米见方的块，冷水下锅焯水，撇去浮沫后捞出。\n\
2. 姜切片，葱切段。\n\
二、烹饪\n\
1. 锅中放少许油，加入冰糖小火炒出糖色。\n\
2. 放入肉块翻炒上色，加入生抽、老抽、料酒。\n\
3. 加开水没过肉块，放入姜葱八角，大火烧开后转小火炖60分钟。\n\
三、收汁\n\
大火收汁至汤汁浓稠即可出锅。约可供4人食用。\n\
小贴士：炖煮时间可根据个人口感增减10分钟左右。\n";

/// Headings on four levels, the third-level ones with a sentence after the
/// title: 10,000 headings in all, 110 of them at the top.
pub fn many_headings() -> String {
    const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut lines = Vec::new();
    for a in 0..200 {
        lines.push(format!("{}、加强组织领导", CN[a % 10]));
        for (b, cn) in CN.iter().enumerate() {
            lines.push(format!("（{cn}）完善工作机制"));
            for c in 1..=4 {
                lines.push(format!("{c}.落实责任。全年办理法律援助案件{c}{b}件。"));
                lines.push(format!("（{c}）具体做法"));
            }
        }
    }
    lines.truncate(HEADINGS);
    format!("某区2021年法治政府建设情况报告\n{}\n", lines.join("\n"))
}

/// How many headings [`many_headings`] writes.
pub const HEADINGS: usize = 10_000;

/// Markers nested past level 4: ① ⑴ ⒈ a. (a) i. ——— and back out.
pub fn deep_markers() -> String {
    let mut s = String::from("关于2021年法治政府建设情况的报告\n");
    for _ in 0..50 {
        for line in [
            "一、主要工作",
            "（一）健全制度",
            "1.强化领导",
            "（1）具体做法",
            "①第一项",
            "⑴更深一层",
            "⒈再深一层",
            "a.字母一层",
            "(a)括号字母",
            "i.罗马数字",
            "——破折号",
            "全年办理案件12件。",
            "（二）第二项",
            "2.回到三级",
        ] {
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

/// Numbers with hundreds of digits, in every place a number can go.
pub fn huge_numbers() -> String {
    let digits: String = (0..400).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
    let cn: String = "九".repeat(300);
    format!(
        "关于2021年法治政府建设情况的报告\n\
         一、主要工作\n\
         全年办理法律援助案件{digits}件，调解成功率{digits}.{digits}%。\n\
         {d}、超长的标题编号\n\
         共{cn}件，金额{d}亿元，{d}万人次。\n\
         第{d}期培训，（{d}）项，{d}.5万件。\n",
        d = &digits[..300],
    )
}

/// Report sentences dense with numbers: an indicator every 30 bytes.
pub const DENSE: &str = "全年办理法律援助案件302件，调解成功率98.6%，“法治”宣传1.2万人次；";

/// Report prose with a figure now and then, as real reports have them.
pub const PROSE: &str = "全年办理法律援助案件302件，调解成功率98.6%。坚持以习近平法治思想为指导，\
深入推进法治政府建设，严格规范公正文明执法，持续优化法治化营商环境；\
坚持以习近平法治思想为指导，深入推进法治政府建设，严格规范公正文明执法，持续优化法治化营商环境；\
坚持以习近平法治思想为指导，深入推进法治政府建设，严格规范公正文明执法，持续优化法治化营商环境；";

/// A single line (no line break) of `unit` repeated to about `bytes` bytes.
pub fn long_line(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// The generated folder.
pub struct Fixture {
    pub _tmp: tempfile::TempDir,
    pub root: PathBuf,
    /// Files that cannot be read, with a word their stderr line must hold.
    pub bad: Vec<(PathBuf, &'static str)>,
    /// Text files that are not reports, or hostile ones: they must parse.
    pub odd: Vec<PathBuf>,
    /// The five samples, copied in.
    pub samples: Vec<PathBuf>,
    /// Whether chmod 000 fails to stop this process (root).
    pub privileged: bool,
}

pub fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("inputs");
    fs::create_dir(&root).unwrap();
    let privileged = reads_anything(tmp.path());
    let mut bad: Vec<(PathBuf, &'static str)> = Vec::new();
    let mut odd = Vec::new();
    let put = |name: &str, bytes: &[u8]| {
        let p = root.join(name);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    };

    // Empty in every way.
    bad.push((put("empty.txt", b""), "empty file"));
    bad.push((put("blank.txt", b" \n\r\n\t\x0C\n"), "empty file"));
    bad.push((put("bom-only.txt", b"\xEF\xBB\xBF"), "empty file"));
    bad.push((
        put(
            "blank-page.html",
            b"<html><body><script>x()</script></body></html>",
        ),
        "empty file",
    ));
    // Binary files saved with a text extension.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let pdf = [
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".as_slice(),
        &rng.bytes(3000),
    ]
    .concat();
    bad.push((put("report.pdf.txt", &pdf), "a PDF document"));
    let zip = [b"PK\x03\x04\x14\x00\x06\x00".as_slice(), &rng.bytes(3000)].concat();
    bad.push((put("report.docx.txt", &zip), "a ZIP archive"));
    let png = [
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(),
        &rng.bytes(2000),
    ]
    .concat();
    bad.push((put("scan.htm", &png), "a PNG image"));
    bad.push((
        put("random.txt", &rng.bytes(64 * 1024)),
        "binary file, not text",
    ));
    // Invalid and mixed encodings.
    let text = sample("xialu-2021");
    let half = text.char_indices().nth(text.chars().count() / 2).unwrap().0;
    let mixed = [&text.as_bytes()[..half], &GBK.encode(&text[half..]).0].concat();
    bad.push((put("mixed-utf8-gbk.txt", &mixed), "invalid encoding: mixed"));
    let lone_surrogates: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain((0..2000).flat_map(|i| (0xD800u16 + i % 0x400).to_le_bytes()))
        .collect();
    bad.push((
        put("broken-utf16.txt", &lone_surrogates),
        "invalid encoding",
    ));
    // Links: a dangling one, one that points at itself, loops between folders.
    let dangling = root.join("gone.txt");
    std::os::unix::fs::symlink(root.join("never-there.txt"), &dangling).unwrap();
    bad.push((dangling, "broken symbolic link"));
    let selfish = root.join("self.txt");
    std::os::unix::fs::symlink(&selfish, &selfish).unwrap();
    bad.push((selfish, "symbolic links"));
    fs::create_dir_all(root.join("sub/deeper")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("sub/deeper/loop")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    // An unreadable file: refused unless this process is root.
    let locked = put("sub/locked.txt", NEWS.as_bytes());
    set_mode(&locked, 0o000);
    if privileged {
        odd.push(locked);
    } else {
        bad.push((locked, "permission denied"));
    }

    // Text that is odd or hostile but readable: it must parse.
    odd.push(put("news.txt", NEWS.as_bytes()));
    odd.push(put("recipe.md", RECIPE.as_bytes()));
    odd.push(put("headings-10000.txt", many_headings().as_bytes()));
    odd.push(put("deep-markers.txt", deep_markers().as_bytes()));
    odd.push(put("huge-numbers.txt", huge_numbers().as_bytes()));
    odd.push(put(
        "sub/long-line.txt",
        long_line(DENSE, 1 << 20).as_bytes(),
    ));
    let ordinals = format!("第{}1期培训。\n", "1、".repeat(20_000));
    odd.push(put("ordinal-chain.txt", ordinals.as_bytes()));

    let samples = SAMPLES
        .iter()
        .map(|s| put(&format!("{s}.txt"), sample(s).as_bytes()))
        .collect();
    Fixture {
        _tmp: tmp,
        root,
        bad,
        odd,
        samples,
        privileged,
    }
}

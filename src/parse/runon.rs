//! Run-on headings: a heading printed with its first sentence on one line
//! and no stop between them (`1.强化领导实施“一把手”工程,区委…`). The title
//! is cut where a reader would end it (`强化领导`), as a scored decision:
//! every place the title could end is weighed by what follows it (a word
//! that opens a body sentence: `区委`, `全年`, `坚持`, a year), by how the
//! title would end (`…机制`, `…水平`), by the report's own sibling headings
//! that are not run-on (`强化考核` beside `强化领导…`: the same opening, the
//! same length), and against a title holding a figure. Where no place
//! scores enough, the whole line stays the title: a real long title is
//! never cut.
//!
//! The words are data: `body_openers` and `title_ends` in
//! `assets/taxonomy.toml`, which a user's taxonomy file extends.

use super::taxonomy::Taxonomy;

/// Shortest title a cut may leave, in characters.
const MIN_TITLE: usize = 4;
/// Longest title a cut may leave, in characters.
const MAX_TITLE: usize = 30;
/// A heading line with nothing after its title, of at most this many
/// characters, no figure and no sentence stop, is taken as it is.
const ALONE_MAX: usize = 40;
/// A title of at most this many characters, without a figure, that a
/// stop ends is taken as it is.
const STOPPED_MAX: usize = 24;
/// Shortest title text worth trying to cut, in characters.
const MIN_RUN_ON: usize = 8;
/// Characters after the level in which a body's name must reach its head.
const BODY_NAME_MAX: usize = 8;
/// The score a place must reach for the title to be cut there.
const THRESHOLD: f32 = 2.0;

/// What is known of one heading line for the decision.
#[derive(Debug, Clone, Copy)]
pub struct HeadingText<'a> {
    /// The folded title text: after the marker, up to the first stop
    /// (`。：:；`) or the end of the line.
    pub head: &'a str,
    /// The folded text of the line after `head` (the stop included).
    pub after: &'a str,
}

impl HeadingText<'_> {
    /// Whether the line may run on: its title text is long enough, and it
    /// is not a heading standing alone on its line (no body after it, no
    /// figure, at most [`ALONE_MAX`] characters).
    pub fn may_run_on(&self) -> bool {
        let n = self.head.chars().count();
        if n < MIN_RUN_ON {
            return false;
        }
        let figure = has_inner_digit(self.head);
        let alone = self.after.trim().is_empty();
        // A stop right after a short title ends it (`营商环境持续优化。全区…`).
        let stopped = self.after.starts_with(['。', ':', ';', '；', '：']);
        !(alone && n <= ALONE_MAX && !figure || stopped && n <= STOPPED_MAX && !figure)
    }
}

/// Where the title of a run-on heading ends: a byte offset into
/// `h.head`, or `None` to keep the whole title. `siblings` are the folded
/// titles of the headings of the same level under the same parent that do
/// not run on.
pub fn title_end(h: &HeadingText<'_>, siblings: &[&str], tax: &Taxonomy) -> Option<usize> {
    if !h.may_run_on() {
        return None;
    }
    let head = h.head;
    let mut best: Option<(f32, usize)> = None;
    let mut depth = 0i32;
    for (n, (i, c)) in head.char_indices().enumerate() {
        // The place before character `n` (at byte `i`): the title would be
        // `head[..i]`, `n` characters long.
        if n > MAX_TITLE {
            break;
        }
        if n >= MIN_TITLE && depth == 0 {
            let score = place_score(&head[..i], &head[i..], n, siblings, tax);
            if score >= THRESHOLD && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        match c {
            '“' | '《' | '(' | '「' | '‘' | '【' | '[' | '〔' => depth += 1,
            '”' | '》' | ')' | '」' | '’' | '】' | ']' | '〕' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    best.map(|(_, i)| i)
}

/// The score of ending the title `title` before `rest`.
fn place_score(title: &str, rest: &str, n: usize, siblings: &[&str], tax: &Taxonomy) -> f32 {
    let last = title.chars().next_back().unwrap_or(' ');
    let next = rest.chars().next().unwrap_or(' ');
    // A title never ends in a comma, nor is the body left starting with one.
    if is_punct(last) || is_punct(next) {
        return f32::MIN;
    }
    // Each phrase of a title is a phrase of title length
    // (`加强…协调,推动|严格规范执法…` is not a title).
    let last_phrase = title.rsplit(',').next().unwrap_or(title);
    if last_phrase.chars().count() < MIN_TITLE {
        return f32::MIN;
    }
    // Nor in a word that joins it to more (`存在问题及|2024年工作打算`).
    if matches!(last, '及' | '和' | '与' | '并' | '暨' | '或' | '的' | '之') {
        return f32::MIN;
    }
    let mut score = opener_score(rest, tax);
    let predicate = ends_with_predicate(title, tax);
    if score == 0.0 && !predicate {
        // Nothing opens a sentence here: a title is not cut mid-phrase.
        return f32::MIN;
    }
    if tax.title_ends.iter().any(|w| title.ends_with(w.as_str())) {
        score += 1.0;
    }
    if predicate {
        score += 1.5;
    }
    // Just before the predicate of a title that states a result
    // (`依法决策水平|不断提升…`): the predicate belongs to the title.
    if starts_with_predicate(rest, tax) {
        score -= 1.0;
    }
    score += sibling_score(title, n, siblings);
    if has_inner_digit(title) {
        score -= 3.0;
    }
    // A title of several phrases is cut, if at all, after its last one.
    score -= 0.5 * title.matches(',').count() as f32;
    // Long titles are rarer; of two equal places the earlier one wins.
    score - 0.05 * n.saturating_sub(12) as f32
}

/// How strongly `rest` opens a body sentence: a year (`2022年`), a word of
/// `body_openers` (of two characters or more; one of one character, `将`,
/// `对`, is weaker), a verb of `body_verbs` or a body's name (`区…机关`,
/// by `body_units`), weaker still.
fn opener_score(rest: &str, tax: &Taxonomy) -> f32 {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 4 && rest[4..].starts_with('年') {
        return 2.5;
    }
    // A word followed by a suffix that makes it a noun (`针对性`, `规范化`)
    // opens nothing.
    let opens = |w: &String| {
        rest.strip_prefix(w.as_str())
            .is_some_and(|after| !after.starts_with(['性', '化', '率', '度']))
    };
    let longest = tax
        .body_openers
        .iter()
        .filter(|w| opens(w))
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    if longest >= 2 {
        return 2.0;
    }
    if tax.body_verbs.iter().any(opens) || names_a_body(rest, tax) {
        return 1.5;
    }
    if longest == 1 {
        return 1.0;
    }
    0.0
}

/// Whether `title` ends with a predicate adverb and a word of two
/// characters (`…不断提升`, `…加快转变`).
fn ends_with_predicate(title: &str, tax: &Taxonomy) -> bool {
    let Some((i, _)) = title.char_indices().rev().nth(1) else {
        return false;
    };
    let head = &title[..i];
    tax.predicate_adverbs
        .iter()
        .any(|a| head.ends_with(a.as_str()) && head.len() > a.len())
}

/// Whether `rest` starts with a predicate adverb and a word of two
/// characters that could end the title.
fn starts_with_predicate(rest: &str, tax: &Taxonomy) -> bool {
    tax.predicate_adverbs.iter().any(|a| {
        rest.strip_prefix(a.as_str()).is_some_and(|after| {
            after.chars().take(2).all(|c| !is_punct(c)) && after.chars().count() >= 2
        })
    })
}

/// Whether `rest` opens with a body's name: a level (`区`, `市`, `县`…) or
/// a department's own (`厅`, `局`), and
/// one of `body_units` within a few characters (`区行政复议机关`).
fn names_a_body(rest: &str, tax: &Taxonomy) -> bool {
    let mut chars = rest.chars();
    if !matches!(
        chars.next(),
        Some('区' | '市' | '县' | '省' | '州' | '旗' | '镇' | '乡' | '厅' | '局')
    ) {
        return false;
    }
    let window: String = chars.take(BODY_NAME_MAX).collect();
    tax.body_units.iter().any(|u| window.contains(u.as_str()))
}

/// How well a title of `n` characters echoes the sibling headings that do
/// not run on: one of the same length with the same first two characters
/// (`强化领导` beside `强化考核`), or sharing two characters in the same
/// places (`创新执法方式` beside `规范执法程序`), or only of the same length.
fn sibling_score(title: &str, n: usize, siblings: &[&str]) -> f32 {
    let own: Vec<char> = title.chars().collect();
    let mut score: f32 = 0.0;
    for s in siblings {
        if s.chars().count() != n {
            continue;
        }
        let same: Vec<bool> = s.chars().zip(&own).map(|(a, b)| a == *b).collect();
        let echo = if same.iter().take(2).all(|&x| x) {
            2.0
        } else if same.iter().filter(|&&x| x).count() >= 2 {
            1.0
        } else {
            0.5
        };
        score = score.max(echo);
    }
    score
}

/// A digit after the title's start: a figure (`新增市场主体8600户`), not a
/// leading year (`2021年全区…`).
fn has_inner_digit(title: &str) -> bool {
    let lead = title.bytes().take_while(u8::is_ascii_digit).count();
    title[lead..].bytes().any(|b| b.is_ascii_digit())
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '、'
            | '，'
            | '。'
            | ';'
            | ':'
            | '“'
            | '”'
            | '('
            | ')'
            | '《'
            | '》'
            | ' '
            | '-'
            | '—'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut<'a>(line: &'a str, siblings: &[&str]) -> &'a str {
        let stop = line.find(['。', ':', ';']).unwrap_or(line.len());
        let h = HeadingText {
            head: &line[..stop],
            after: &line[stop..],
        };
        match title_end(&h, siblings, Taxonomy::global()) {
            Some(i) => &line[..i],
            None => &line[..stop],
        }
    }

    #[test]
    fn a_body_sentence_after_the_title_is_cut_off() {
        assert_eq!(
            cut(
                "健全工作机制县委常委会召开专题会议2次,研究部署重点任务。",
                &[]
            ),
            "健全工作机制"
        );
        assert_eq!(
            cut("优化政务服务2023年全县新增市场主体5200户。", &[]),
            "优化政务服务"
        );
        assert_eq!(
            cut("完善规章制度体系全年审核规范性文件9件,清理文件20件。", &[]),
            "完善规章制度体系"
        );
    }

    #[test]
    fn siblings_of_the_same_pattern_decide_the_length() {
        assert_eq!(
            cut(
                "加强宣传实施普法责任制清单管理,各部门分别制定年度计划。",
                &["加强培训"]
            ),
            "加强宣传"
        );
    }

    #[test]
    fn a_title_that_states_a_result_keeps_its_predicate() {
        // `不断` opens body sentences too, but here it is the title's
        assert_eq!(
            cut(
                "执法监督水平不断提升重大执法决定全部经过法制审核,全年审核15件。",
                &[]
            ),
            "执法监督水平不断提升"
        );
        // `针对性` is a noun, not a sentence opening `针对…`
        assert_eq!(
            cut(
                "普法宣传针对性不强部分活动流于形式,群众参与度不高,覆盖面窄。",
                &[]
            ),
            "普法宣传针对性不强"
        );
    }

    #[test]
    fn every_phrase_of_a_title_has_title_length() {
        // `…统筹,推动` would leave a phrase of two characters
        let line = "强化部门统筹,推动严格规范公正文明执法落到实处,全年开展培训2次。";
        assert_eq!(
            cut(line, &[]),
            "强化部门统筹,推动严格规范公正文明执法落到实处,全年开展培训2次"
        );
    }

    #[test]
    fn real_titles_are_kept() {
        // alone on the line, long, with commas
        assert_eq!(
            cut("坚持问题导向,持续深化行政执法体制改革", &[]),
            "坚持问题导向,持续深化行政执法体制改革"
        );
        // a stop ends the title
        assert_eq!(cut("规范执法行为。全年开展培训3次。", &[]), "规范执法行为");
        // nothing opens a sentence: undecided, kept whole
        assert_eq!(
            cut("提高依法决策能力水平和质量效果显著增强。", &[]),
            "提高依法决策能力水平和质量效果显著增强"
        );
    }
}

//! Saved web pages to text, through the HTML parser (`scraper`, html5ever).
//!
//! Block elements become line breaks, table cells are separated by a space,
//! scripts, styles, navigation, headers, footers, embedded frames and form
//! controls are dropped, and whitespace inside a line is collapsed. When the
//! page has an obvious article container (`id`/`class` naming content,
//! article, zoom, TRS_Editor …) holding most of the text, its text is taken,
//! with the metadata lines (发布日期, 来源 …) and headings found before it
//! kept above it.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// Elements whose whole content is dropped.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "nav", "header", "footer", "iframe", "frame",
    "template", "svg", "math", "object", "embed", "canvas", "form", "input", "select", "option",
    "textarea", "button", "label", "datalist", "dialog", "menu",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "section",
    "article",
    "aside",
    "main",
    "blockquote",
    "pre",
    "hr",
    "address",
    "figure",
    "figcaption",
    "center",
    "fieldset",
    "body",
    "html",
];

/// Elements whose lines are kept as headings when outside the article.
const HEADINGS: &[&str] = &["h1", "h2", "h3"];

/// Words in an `id` or `class` that mark the article container.
const CONTAINER_MARKS: &[&str] = &[
    "content",
    "article",
    "zoom",
    "trs_editor",
    "main-text",
    "main_text",
    "maintext",
    "detail",
    "wenzhang",
    "zhengwen",
];

/// Words that make a line outside the article a metadata line.
const METADATA_KEYS: &[&str] = &[
    "发布日期",
    "发布时间",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "更新时间",
    "来源",
    "索引号",
    "索 引 号",
    "文号",
    "文 号",
    "名 称",
    "名称:",
    "名称：",
    "时间:",
    "时间：",
    "作者",
    "浏览次数",
];

/// Longest line (in characters) taken as a metadata line.
const METADATA_MAX_CHARS: usize = 200;

/// Least text (non-space characters) of an article container.
const CONTAINER_MIN_CHARS: usize = 200;

/// Convert an HTML document to text lines joined by `\n`, blank lines dropped.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(&super::depth::bound_depth(html));
    let root = doc.tree.root();
    let container = find_container(root);
    let lines = Renderer::render(root, container);
    let mut out: Vec<&str> = Vec::new();
    if container.is_some() {
        let inside: Vec<&str> = lines
            .iter()
            .filter(|l| l.inside)
            .map(|l| l.text.as_str())
            .collect();
        let mut seen_article = false;
        for l in &lines {
            seen_article |= l.inside;
            let keep = !l.inside
                && (is_metadata(&l.text)
                    || (l.heading && !seen_article && !inside.contains(&l.text.as_str())));
            if keep {
                out.push(&l.text);
            }
        }
        out.extend(inside);
    } else {
        out.extend(lines.iter().map(|l| l.text.as_str()));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Whether an element starts and ends a line.
pub(crate) fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Whether a line outside the article is page metadata the parser reads.
fn is_metadata(line: &str) -> bool {
    line.chars().count() <= METADATA_MAX_CHARS && METADATA_KEYS.iter().any(|k| line.contains(k))
}

/// The element's name if the node is an element.
fn element_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// Whether an element's content is dropped.
fn is_skipped(node: &NodeRef<'_, Node>) -> bool {
    let Node::Element(e) = node.value() else {
        return false;
    };
    if SKIPPED.contains(&e.name()) || e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    })
}

/// The article container: the innermost marked element holding at least
/// 80 % of the text of the largest one, if it is substantial. The visible
/// text (non-space characters) under every node is counted in one walk.
fn find_container(root: NodeRef<'_, Node>) -> Option<NodeId> {
    let marked = |n: &NodeRef<'_, Node>| {
        let Node::Element(e) = n.value() else {
            return false;
        };
        let id = e.id().unwrap_or_default().to_ascii_lowercase();
        let class = e.attr("class").unwrap_or_default().to_ascii_lowercase();
        CONTAINER_MARKS
            .iter()
            .any(|m| id.contains(m) || class.contains(m))
    };
    // One frame per open node: its visible text so far, whether its content
    // is dropped, and its place among the candidates (in text order).
    let mut frames: Vec<(usize, bool, Option<usize>)> = Vec::new();
    let mut candidates: Vec<(NodeId, usize)> = Vec::new();
    let mut page = 0;
    for edge in root.traverse() {
        match edge {
            Edge::Open(x) => {
                let own = match x.value() {
                    Node::Text(t) => t.chars().filter(|c| !c.is_whitespace()).count(),
                    _ => 0,
                };
                let at = marked(&x).then(|| {
                    candidates.push((x.id(), 0));
                    candidates.len() - 1
                });
                frames.push((own, is_skipped(&x), at));
            }
            Edge::Close(_) => {
                let Some((n, skipped, at)) = frames.pop() else {
                    continue;
                };
                let n = if skipped { 0 } else { n };
                if let Some(at) = at {
                    candidates[at].1 = n;
                }
                match frames.last_mut() {
                    Some(parent) => parent.0 += n,
                    None => page = n,
                }
            }
        }
    }
    let largest = candidates.iter().map(|c| c.1).max()?;
    let substantial = largest >= CONTAINER_MIN_CHARS && (largest * 4 >= page || largest >= 2000);
    if !substantial {
        return None;
    }
    candidates
        .into_iter()
        .filter(|c| c.1 * 5 >= largest * 4)
        .min_by_key(|c| c.1)
        .map(|c| c.0)
}

/// One output line with where it came from.
struct Line {
    text: String,
    inside: bool,
    heading: bool,
}

/// Walks the tree and builds lines.
#[derive(Default)]
struct Renderer {
    lines: Vec<Line>,
    current: String,
    pending_space: bool,
    inside: bool,
    heading: bool,
    heading_depth: usize,
    pre_depth: usize,
    /// Open bold elements (`strong`, `b`) that started at a line's start.
    lead_bold: usize,
    /// A bold lead-in that reads as a heading (`<strong>1.强化领导</strong>实施…`)
    /// has closed: the line breaks before the text after it, unless that
    /// text starts with a stop (`：`, `。`) that ends the title anyway.
    break_pending: bool,
}

impl Renderer {
    fn render(root: NodeRef<'_, Node>, container: Option<NodeId>) -> Vec<Line> {
        let mut r = Renderer::default();
        let mut skip: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) if skip.is_none() => {
                    if is_skipped(&node) {
                        skip = Some(node.id());
                        continue;
                    }
                    if Some(node.id()) == container {
                        r.flush();
                        r.inside = true;
                    }
                    match node.value() {
                        Node::Text(t) => r.text(t),
                        Node::Element(_) => r.open(element_name(&node).unwrap_or_default()),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if skip == Some(node.id()) {
                        skip = None;
                    } else if skip.is_none() {
                        if let Some(name) = element_name(&node) {
                            r.close(name);
                        }
                        if Some(node.id()) == container {
                            r.flush();
                            r.inside = false;
                        }
                    }
                }
                Edge::Open(_) => {}
            }
        }
        r.flush();
        r.lines
    }

    fn open(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.flush();
        }
        match name {
            "td" | "th" => self.pending_space = true,
            "pre" => self.pre_depth += 1,
            "strong" | "b" if self.current.is_empty() || self.lead_bold > 0 => self.lead_bold += 1,
            _ if HEADINGS.contains(&name) => self.heading_depth += 1,
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "td" | "th" => self.pending_space = true,
            "pre" => self.pre_depth = self.pre_depth.saturating_sub(1),
            "strong" | "b" if self.lead_bold > 0 => {
                self.lead_bold -= 1;
                if self.lead_bold == 0 && is_heading_lead_in(&self.current) {
                    self.break_pending = true;
                }
            }
            _ if HEADINGS.contains(&name) => {
                self.heading_depth = self.heading_depth.saturating_sub(1)
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.flush();
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' && self.pre_depth > 0 {
                self.flush();
            } else if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if std::mem::take(&mut self.break_pending)
                    && !matches!(c, '。' | '：' | ':' | '；' | ';' | '，' | ',')
                {
                    self.flush();
                }
                if self.pending_space && !self.current.is_empty() {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.heading |= self.heading_depth > 0;
                self.current.push(c);
            }
        }
    }

    fn flush(&mut self) {
        self.pending_space = false;
        self.break_pending = false;
        if !self.current.is_empty() {
            self.lines.push(Line {
                text: std::mem::take(&mut self.current),
                inside: self.inside,
                heading: self.heading,
            });
        }
        self.heading = false;
    }
}

/// Longest bold lead-in taken as a heading, in characters.
const LEAD_IN_MAX: usize = 40;

/// Whether a line's bold start reads as a heading: it starts with a
/// numbering character (`一`, `（`, `1`, `①`, `第`), holds a title after
/// the marker, and is short.
fn is_heading_lead_in(s: &str) -> bool {
    let s = s.trim();
    let Some(first) = s.chars().next() else {
        return false;
    };
    let numbering = first.is_ascii_digit()
        || matches!(
            first,
            '(' | '（' | '第' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
        || ('\u{2460}'..='\u{2473}').contains(&first);
    let n = s.chars().count();
    let last = s.chars().next_back().unwrap_or(' ');
    numbering
        && (4..=LEAD_IN_MAX).contains(&n)
        && !matches!(last, '、' | '.' | '．' | ')' | '）' | '。' | '：' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cells_and_dropped_elements() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <nav>首页 导航</nav><p>第一行  <b>加粗</b></p><script>var x=1;</script>\
            <table><tr><td>名称</td><td>报告</td></tr></table>第二<br>行\
            <form><input value=x><button>搜索</button></form></body></html>";
        assert_eq!(html_to_text(html), "第一行 加粗\n名称 报告\n第二\n行\n");
    }

    #[test]
    fn article_container_keeps_metadata_and_title() {
        let body = "正文内容。".repeat(60);
        let html = format!(
            "<body><div class=menu>网站首页 机构概况 政务公开</div><h1>某区2021年法治政府建设报告</h1>\
             <div class=info>发布日期:2022-03-29 来源:某区司法局</div>\
             <div id=zoom><p>{body}</p></div><div>相关链接 友情链接</div></body>"
        );
        let text = html_to_text(&html);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "某区2021年法治政府建设报告",
                "发布日期:2022-03-29 来源:某区司法局",
                body.as_str()
            ]
        );
    }

    #[test]
    fn a_bold_heading_at_a_paragraph_start_is_its_own_line() {
        let html = "<body><p><strong>1.强化组织领导</strong>成立工作专班，召开会议3次。</p>\
            <p><b>（二）规范执法</b>：开展培训2期。</p>\
            <p><strong>一、</strong>主要工作</p>\
            <p>全年<b>办理</b>案件12件。</p></body>";
        assert_eq!(
            html_to_text(html),
            "1.强化组织领导\n成立工作专班，召开会议3次。\n（二）规范执法：开展培训2期。\n\
             一、主要工作\n全年办理案件12件。\n"
        );
    }
}

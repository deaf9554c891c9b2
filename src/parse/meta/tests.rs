use super::dates::parse_date;
use super::*;
use crate::parse::clean::clean;

fn meta(text: &str) -> Meta {
    extract(text, &clean(text))
}

#[test]
fn self_references_are_found_from_the_name_ends() {
    // Every level character ends some division's name: the cleaner's
    // name ends hold every self-reference's end.
    let lasts = Gazetteer::global().last_chars();
    assert!(SELF_LEVEL.iter().all(|&c| lasts.contains(c)));
    let c = clean("我市全区,本县我们全面本州x全");
    let found: Vec<(char, char)> = self_levels(&c.lines[0].norm, &c.lines[0].name_ends).collect();
    assert_eq!(
        found,
        vec![('我', '市'), ('全', '区'), ('本', '县'), ('本', '州')]
    );
}

#[test]
fn dates_in_many_formats() {
    assert_eq!(
        parse_date("2021/03/29 10:20").as_deref(),
        Some("2021-03-29")
    );
    assert_eq!(parse_date("2023- 02- 24").as_deref(), Some("2023-02-24"));
    assert_eq!(parse_date("2023年02月17日").as_deref(), Some("2023-02-17"));
    assert_eq!(
        parse_date("二〇二五年一月十六日").as_deref(),
        Some("2025-01-16")
    );
    assert_eq!(parse_date("2023年13月1日"), None);
}

#[test]
fn date_field_inside_furniture() {
    let m = meta("【字体:大 中 小】 发布时间:2021-03-29 打印本页\n正文。");
    assert_eq!(m.published.as_deref(), Some("2021-03-29"));
}

#[test]
fn repeated_county_name_by_province() {
    let m = meta(
        "鼓楼区2022年法治政府建设情况报告\n2022年,我区在市委市政府领导下,认真落实福建省部署。全区各部门依法行政。\n一、主要做法\n鼓楼区司法局牵头。",
    );
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.city.as_deref()),
        ("鼓楼区", Some("福州市"))
    );
    assert_eq!(r.code.as_deref(), Some("350102"));
    assert_eq!(m.year, Some(2022));
    assert_eq!(m.title_line, Some(0));
    let m = meta("鼓楼区2022年法治政府建设情况报告\n2022年,我区认真落实南京市委部署。");
    assert_eq!(m.region.unwrap().city.as_deref(), Some("南京市"));
}

#[test]
fn county_report_with_signature() {
    let m = meta(
        "2023年,全县坚持依法行政,攸县各部门…。现将情况报告如下:\n一、主要工作\n攸县法治建设稳步推进。攸县县委…\n攸县人民政府\n2024年2月1日",
    );
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.level, r.city.as_deref()),
        ("攸县", Level::County, Some("株洲市"))
    );
    assert_eq!(m.issuer.as_deref(), Some("攸县人民政府"));
    assert_eq!(m.published.as_deref(), Some("2024-02-01"));
    assert_eq!(m.year, Some(2023));
    assert_eq!(m.title, None);
}

#[test]
fn autonomous_prefecture() {
    let m = meta(
        "湘西土家族苗族自治州2021年法治政府建设年度报告\n2021年,全州法治政府建设取得新成效,吉首市、凤凰县…\n一、工作情况",
    );
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.level, r.code.as_deref()),
        ("湘西土家族苗族自治州", Level::City, Some("433100"))
    );
    // `全州` names a scope, not a speaker: no issuer is named.
    assert_eq!(m.issuer, None);
    let m = meta(
        "湘西土家族苗族自治州2021年法治政府建设年度报告\n2021年,我州法治政府建设取得新成效,吉首市、凤凰县…\n一、工作情况",
    );
    assert_eq!(m.issuer.as_deref(), Some("湘西土家族苗族自治州人民政府"));
}

#[test]
fn province_report_issuer_from_title() {
    let m = meta("浙江省人民政府关于2022年法治政府建设情况的报告\n2022年,全省各地各部门…杭州市、宁波市…\n一、主要举措\n2023年工作打算");
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.level, r.city.as_deref()),
        ("浙江省", Level::Province, None)
    );
    assert_eq!(r.province.as_deref(), Some("浙江省"));
    assert_eq!(m.issuer.as_deref(), Some("浙江省人民政府"));
    assert_eq!(m.year, Some(2022));
}

#[test]
fn source_field_completed_with_region() {
    let m = meta(
        "首页 > 政务公开\n发布时间:2023-02-24 09:30 来源:市司法局\n关于2022年法治政府建设情况的报告\n2022年,我市深入推进依法行政,沈阳市各区县…沈阳市法治建设…\n一、主要成效",
    );
    assert_eq!(m.region.as_ref().unwrap().name, "沈阳市");
    assert_eq!(m.issuer.as_deref(), Some("沈阳市司法局"));
    assert_eq!(m.published.as_deref(), Some("2023-02-24"));
    assert_eq!(m.title.as_deref(), Some("关于2022年法治政府建设情况的报告"));
    assert_eq!(m.title_line, Some(2));
}

#[test]
fn street_office_is_its_own_region() {
    let m = meta("坡子街街道办事处2021年法治建设工作报告\n2021年,街道在天心区委、长沙市天心区人民政府领导下…天心区…\n一、工作开展情况");
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.level, r.code.as_deref()),
        ("坡子街街道", Level::Unknown, None)
    );
    assert_eq!(
        (r.province.as_deref(), r.city.as_deref()),
        (Some("湖南省"), Some("长沙市"))
    );
    assert_eq!(m.issuer.as_deref(), Some("坡子街街道办事处"));
}

#[test]
fn plans_years_and_banners_are_ignored() {
    let m = meta("今天是:2023年5月8日 星期一\n各项工作扎实推进,法治建设成效明显。\n一、2024年工作打算\n2024年将继续…");
    assert_eq!(m.published, None);
    assert_eq!(m.year, None);
    assert!(m.warnings.iter().any(|w| w == "no year found"));
}

#[test]
fn scraped_page_with_menus_and_superiors() {
    let m = meta(concat!(
        "首页 机构概况 政务公开 政务服务 互动交流 专题专栏 首页 机构概况 政务公开 政务服务 互动交流 专题专栏 首页 机构概况 政务公开 政务服务\n",
        "法治政府建设年度报告\n",
        "朝阳区司法局2022年度法治政府建设情况报告\n",
        "发布时间:2023年02月17日 15:20:01 来源:本站\n",
        "2022年,在朝阳区委、区政府的坚强领导下,我局坚持…全区司法行政工作…\n",
        "一、主要成效\n",
        "我局全年办理…北京市司法局部署…\n",
        "主办:北京市朝阳区人民政府 京ICP备05060933号\n",
    ));
    assert_eq!(
        m.title.as_deref(),
        Some("朝阳区司法局2022年度法治政府建设情况报告")
    );
    assert_eq!(m.title_line, Some(2));
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.province.as_deref(), r.city),
        ("朝阳区", Some("北京市"), None)
    );
    assert_eq!(r.code.as_deref(), Some("110105"));
    assert_eq!(m.issuer.as_deref(), Some("朝阳区司法局"));
    assert_eq!(m.published.as_deref(), Some("2023-02-17"));
    assert_eq!(m.year, Some(2022));
}

#[test]
fn bureau_self_reference() {
    let m = meta(
        "2022年,我局在县委县政府领导下,全县市场监管系统…\n石门县市场监管局…石门县…\n一、工作情况\n我局查办案件…县市场监管局…",
    );
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.city.as_deref()),
        ("石门县", Some("常德市"))
    );
    assert_eq!(m.issuer.as_deref(), Some("石门县市场监管局"));
}

#[test]
fn never_panics_and_invents_nothing() {
    for t in [
        "",
        "\n\n",
        "\u{0}\u{1}�\u{fffd}",
        "北京市今天天气晴。",
        "(一)\n1.\n一、",
    ] {
        let m = meta(t);
        assert!(m.region.is_none(), "{t}");
        assert!(m.year.is_none());
        assert!(m.warnings.iter().any(|w| w == "no region found"));
    }
}

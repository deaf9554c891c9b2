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
    let found: Vec<(char, char)> = self_levels(&c.lines[0].norm, c.lines[0].name_ends()).collect();
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

// Sentences of the genre, made up for these tests: one per kind of
// evidence the resolver reads.

#[test]
fn a_unique_name_named_once_in_the_opening() {
    let m = meta("2022年,在市委、市政府的坚强领导下,江津区坚持依法行政,扎实推进法治政府建设。\n一、主要工作\n依法决策水平不断提升。");
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.province.as_deref(), r.level),
        ("江津区", Some("重庆市"), Level::County)
    );
    assert_eq!(r.evidence, ["body"]);
    assert!(r.candidates.is_empty());
    // Nothing names the issuer.
    assert_eq!(m.issuer, None);
}

#[test]
fn a_superior_in_the_opening_is_not_the_subject() {
    let m = meta("2022年,在长沙市委、市政府的坚强领导下,我区深入推进依法行政,法治建设取得新成效。\n一、主要工作\n岳麓区各部门认真履职。");
    assert_eq!(m.region.unwrap().name, "岳麓区");
}

#[test]
fn a_repeated_name_left_undecided_keeps_its_candidates() {
    let m = meta("2022年,朝阳区坚持依法行政,推动法治政府建设再上新台阶。\n一、主要工作\n规范性文件审查有力。");
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.province, r.city),
        ("朝阳区", None, None)
    );
    assert_eq!(r.level, Level::County);
    assert!(r.candidates.len() >= 2);
    assert!(r.candidates.iter().any(|c| c.province == "北京市"));
    assert!(m.warnings.iter().any(|w| w.contains("ambiguous")));
}

#[test]
fn the_capital_context_narrows_a_repeated_name() {
    // 新华区 is in 石家庄 (a capital), 沧州 and 平顶山.
    let m = meta("2023年,新华区坚持依法行政,为建设现代化省会城市提供法治保障。\n一、主要工作\n执法规范化水平提升。");
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.city.as_deref(), r.code.as_deref()),
        ("新华区", Some("石家庄市"), Some("130105"))
    );
    // Two capitals hold a 鼓楼区: the province stays open, the two remain.
    let m = meta("2023年,鼓楼区坚持依法行政,为省会城市高质量发展提供法治保障。\n一、主要工作\n法治建设稳步推进。");
    let r = m.region.unwrap();
    assert_eq!((r.name.as_str(), r.province), ("鼓楼区", None));
    let mut cities: Vec<_> = r.candidates.iter().filter_map(|c| c.city.clone()).collect();
    cities.sort();
    assert_eq!(cities, ["南京市", "福州市"]);
}

#[test]
fn a_province_named_only_in_the_site_name() {
    let m = meta(concat!(
        "江西省人民政府门户网站\n",
        "首页 > 政务公开 > 法治政府建设\n",
        "2023年法治政府建设年度报告\n",
        "2023年,省政府坚持以习近平法治思想为指导,全省法治政府建设取得新进展。\n",
        "一、主要工作\n",
        "本省各地各部门依法行政,省政府常务会议学法6次。\n",
    ));
    let r = m.region.unwrap();
    assert_eq!((r.name.as_str(), r.level), ("江西省", Level::Province));
    assert!(r.evidence.iter().any(|e| e == "site"));
    assert_eq!(m.issuer.as_deref(), Some("江西省人民政府"));
    assert_eq!(m.year, Some(2023));
}

#[test]
fn two_character_district_names_where_a_title_or_site_puts_them() {
    let m = meta(concat!(
        "阳泉市矿区人民政府网\n",
        "矿区2023年法治政府建设年度报告\n",
        "2023年,矿区坚持依法行政,全区法治建设稳步推进。\n",
        "一、主要工作\n",
    ));
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.city.as_deref(), r.level),
        ("矿区", Some("阳泉市"), Level::County)
    );
    // In running text the word is no name.
    let m = meta("2023年,中心城区和矿区周边依法行政水平提升,法治建设稳步推进。\n一、主要工作\n");
    assert!(m.region.is_none());
}

#[test]
fn a_report_delivered_to_the_congress() {
    let m = meta(concat!(
        "关于全县2023年度法治政府建设情况的报告\n",
        "——2024年4月9日在宁乡县第五届人民代表大会常务委员会第八次会议上\n",
        "县人民政府副县长 王某\n",
        "主任、各位副主任、各位委员:\n",
        "受县人民政府委托,现向常委会报告全县法治政府建设情况,请予审议。\n",
        "2023年以来,县政府坚持依法行政,攸县各项工作…\n",
    ));
    assert_eq!(m.published.as_deref(), Some("2024-04-09"));
    assert_eq!(m.year, Some(2023));
    // A title without a year: the year of work from the body, not the
    // delivery line's year.
    let m = meta(concat!(
        "关于全县法治政府建设情况的报告\n",
        "(2024年6月20日在县十八届人大常委会第十二次会议上)\n",
        "县人大常委会:\n",
        "2023年以来,县政府坚持依法行政,全县法治政府建设取得新成效。\n",
        "一、主要工作\n",
    ));
    assert_eq!(m.published.as_deref(), Some("2024-06-20"));
    assert_eq!(m.year, Some(2023));
    // `县政府` with no county named is no full name.
    assert_eq!(m.issuer, None);
}

#[test]
fn the_congress_heading_is_neither_title_nor_issuer() {
    let m = meta(concat!(
        "武汉市洪山区人民代表大会常务委员会\n",
        "关于洪山区2022年度法治政府建设情况的报告\n",
        "——2023年3月2日在洪山区人民代表大会常务委员会第九次会议上\n",
        "2022年,区政府坚持依法行政,洪山区法治建设取得新成效。\n",
        "一、主要工作\n",
    ));
    assert_eq!(
        m.title.as_deref(),
        Some("关于洪山区2022年度法治政府建设情况的报告")
    );
    assert_eq!(m.issuer.as_deref(), Some("洪山区人民政府"));
    assert_eq!(m.published.as_deref(), Some("2023-03-02"));
}

#[test]
fn a_provincial_department_and_the_province_it_names() {
    let m = meta("2024年,在省委省政府的坚强领导下,省司法厅坚持深入贯彻习近平总书记对安徽工作重要讲话精神,全面推进法治政府建设。\n一、主要工作\n我厅牵头推进依法行政。");
    let r = m.region.unwrap();
    assert_eq!((r.name.as_str(), r.level), ("安徽省", Level::Province));
    assert!(r.evidence.iter().any(|e| e == "department"));
    assert_eq!(m.issuer.as_deref(), Some("安徽省司法厅"));
}

#[test]
fn a_city_department_from_its_source_field() {
    let m = meta(concat!(
        "发布时间:2024-01-29 来源:【部门动态】市市场监管局\n",
        "2023年,我局在市委、市政府的坚强领导下,推进株洲市市场监管领域依法行政。株洲市各县市区…\n",
        "一、主要工作\n",
    ));
    assert_eq!(m.region.as_ref().unwrap().name, "株洲市");
    assert_eq!(m.issuer.as_deref(), Some("株洲市市场监管局"));
    assert_eq!(m.published.as_deref(), Some("2024-01-29"));
}

#[test]
fn issuers_are_normalised() {
    let m = meta("【工作报告】醴陵市政府2022年法治政府建设情况报告\n2022年,醴陵市坚持依法行政。\n一、主要工作");
    assert_eq!(m.issuer.as_deref(), Some("醴陵市人民政府"));
    let m =
        meta("2022年,芦淞区政府坚持依法行政,全区法治建设稳步推进。\n一、主要工作\n芦淞区各部门…");
    assert_eq!(m.issuer.as_deref(), Some("芦淞区人民政府"));
    let m = meta(concat!(
        "广西壮族自治区人民政府门户网站\n",
        "自治区人民政府2022年法治政府建设情况报告\n",
        "2022年,自治区人民政府坚持依法行政,全区法治政府建设取得新成效。\n",
        "一、主要工作\n",
    ));
    assert_eq!(m.region.as_ref().unwrap().name, "广西壮族自治区");
    assert_eq!(m.issuer.as_deref(), Some("广西壮族自治区人民政府"));
    let m = meta("发布时间:2023-03-01 来源:区政府办\n2022年,我区坚持依法行政,荷塘区各部门…荷塘区法治建设…\n一、主要工作");
    assert_eq!(m.issuer.as_deref(), Some("荷塘区人民政府办公室"));
    // A site name is no issuer; a scope (`全区`) names none.
    let m = meta("茶陵县人民政府网\n茶陵县2022年法治政府建设情况\n2022年,全县法治政府建设稳步推进。\n一、主要工作");
    assert_eq!(m.region.as_ref().unwrap().name, "茶陵县");
    assert_eq!(m.issuer, None);
}

#[test]
fn a_field_in_a_table_row_of_the_head() {
    let m = meta(concat!(
        "天元区2022年度法治政府建设情况报告\n",
        "| 索引号 | 2023-0016 | 发布机构 | 天元区司法局 |\n",
        "| 发文日期 | 2023年02月24日 | 主题分类 | 司法 |\n",
        "2022年,我局坚持依法行政。\n",
        "一、主要工作\n",
        "天元区司法局\n",
        "2023年2月20日\n",
    ));
    assert_eq!(m.published.as_deref(), Some("2023-02-24"));
    assert_eq!(m.issuer.as_deref(), Some("天元区司法局"));
}

#[test]
fn a_conjunction_before_a_committee_is_no_county() {
    // 和县 is a county, but `市委、市政府和县委` is 和 + 县委.
    let m = meta("2022年,我县在市委、市政府和县委的坚强领导下,全面推进法治政府建设。\n一、主要工作\n醴陵市各部门…");
    assert_ne!(m.region.map(|r| r.name), Some("和县".to_string()));
}

#[test]
fn a_level_relative_title_speaks_for_the_county_it_names() {
    let m = meta("县政府2023年法治政府建设工作情况报告\n2023年,县政府坚持依法行政,认真落实省委、市委部署。\n一、主要工作\n双峰县各乡镇全面落实,双峰县司法局牵头。");
    let r = m.region.unwrap();
    assert_eq!(
        (r.name.as_str(), r.city.as_deref()),
        ("双峰县", Some("娄底市"))
    );
    assert_eq!(m.issuer.as_deref(), Some("双峰县人民政府"));
}

#[test]
fn a_province_named_only_in_the_breadcrumb() {
    let m = meta(concat!(
        "当前位置:首页 > 福建省人民政府 > 政务公开\n",
        "2023年法治政府建设情况报告\n",
        "2023年,省政府坚持依法行政,全省法治政府建设取得新成效。\n",
        "一、主要工作\n",
    ));
    let r = m.region.unwrap();
    assert_eq!((r.name.as_str(), r.level), ("福建省", Level::Province));
    assert!(r.evidence.iter().any(|e| e == "site"));
    assert_eq!(m.issuer.as_deref(), Some("福建省人民政府"));
}

#[test]
fn a_breadcrumb_is_no_signature_nor_issuer() {
    let m = meta(concat!(
        "首頁 > 政務公開 > 雲南省人民政府 > 法治政府\n",
        "2023年法治政府建設情況報告\n",
        "2023年,省政府堅持依法行政,全省法治政府建設取得新成效。\n",
        "一、主要工作\n",
    ));
    assert_eq!(m.region.as_ref().unwrap().name, "云南省");
    assert_eq!(m.issuer.as_deref(), Some("云南省人民政府"));
}

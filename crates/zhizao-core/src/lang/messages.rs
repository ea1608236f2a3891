//! Messages for the user in Chinese: errors, warnings and a scenario's
//! problems are written in English where they are found (the library's
//! errors are values a program can match on; their text is the English
//! one). At the edge, [`super::Lang::message`] recognises a message by its
//! form here, with `{0}`, `{1}`, ... standing for the parts it quotes (a
//! file, a name, a number, another message), and writes the Chinese form
//! with each part translated in turn (but a quoted part, "{0}", which is a
//! name or value as the user wrote it). A message whose form is not here is
//! shown as written.

use std::fmt::Display;

/// (English form, Chinese form). More specific forms come before more
/// general ones; the last splits "where: what".
pub const FORMS: &[(&str, &str)] = &[
    // The command line's frame.
    ("error: {0}", "错误：{0}"),
    ("{0}: warning: {1}", "{0}：警告：{1}"),
    ("{0}: {1} problem(s); nothing was run", "{0}：共 {1} 处问题，未运行"),
    ("cannot read {0}: {1}", "无法读取 {0}：{1}"),
    ("No such file or directory (os error 2)", "文件不存在"),
    ("Permission denied (os error 13)", "没有读取权限"),
    ("Is a directory (os error 21)", "这是文件夹，不是文件"),
    (
        "no variant \"{0}\" in {1}; variants: {2}",
        "{1} 中没有方案 \"{0}\"；已有方案：{2}",
    ),
    ("--threads must be at least 1", "--threads 至少为 1"),
    (
        "--engine recursion: variant \"{0}\" does not qualify: {1}",
        "--engine recursion：方案 \"{0}\" 不适用递推引擎：{1}",
    ),
    (
        "its source is not saturated (orders arrive)",
        "来料不是饱和供给（按订单到达）",
    ),
    ("it makes components for assembly", "生产装配用的零部件"),
    ("its products take different routes", "各产品工艺路线不同"),
    ("it has shift calendars or holidays", "有班次日历或节假日"),
    ("it has operators or vehicles", "有操作工或搬运车"),
    ("it makes to stock", "按库存生产"),
    (
        "a step of its route has a choice of stations",
        "工艺路线的某一步可选多个工位",
    ),
    ("its route visits \"{0}\" twice", "工艺路线两次经过 \"{0}\""),
    ("\"{0}\" is not on its route", "\"{0}\" 不在工艺路线上"),
    (
        "its first station's buffer is unlimited (a saturated source would fill it without end)",
        "首工位缓冲区无限（饱和供给会无休止地填充它）",
    ),
    ("\"{0}\" is not a robot or a machine", "\"{0}\" 不是机器人或机床"),
    ("\"{0}\" has more than one server", "\"{0}\" 有多台设备"),
    ("\"{0}\" needs operators", "\"{0}\" 需要操作工"),
    ("\"{0}\" has setups, loading or unloading", "\"{0}\" 有换型、上料或下料"),
    (
        "\"{0}\" has a calendar or planned maintenance",
        "\"{0}\" 有日历或计划维护",
    ),
    (
        "\"{0}\" works in batches, racks, transport or assembly",
        "\"{0}\" 按批次、料架、搬运或装配作业",
    ),
    ("\"{0}\" ramps up or draws power", "\"{0}\" 有爬坡期或计电耗"),
    ("\"{0}\" scraps or reworks parts", "\"{0}\" 有报废或返工"),
    (
        "\"{0}\" fails by calendar time or waits for a repair crew",
        "\"{0}\" 按日历时间故障或需等待维修工",
    ),
    ("--replications must be at least 1", "--replications 至少为 1"),
    (
        "--replications {0}: at most {1} (30 to a few hundred give intervals and percentiles a planner can use)",
        "--replications {0}：最多 {1}（30 到几百次即可给出可用的区间和分位数）",
    ),
    ("--run must be longer than 0", "--run 必须大于 0"),
    (
        "this experiment would take {0}; ask for fewer --replications or a shorter --run, or pass --force to run it anyway",
        "此实验预计需要 {0}；请减少 --replications 或缩短 --run，或加 --force 照样运行",
    ),
    (
        "stopped before any replication was complete; nothing to report",
        "在任何一次仿真完成前已停止；没有可报告的结果",
    ),
    (
        "check failed: {0} of {1} expectations not met",
        "检查未通过：{1} 项预期中有 {0} 项未达到",
    ),
    ("--kpi {0}: unknown; KPIs are {1}", "--kpi {0}：未知指标；可用指标：{1}"),
    ("--budget {0} must be 0 or more RMB", "--budget {0} 必须大于等于 0 元"),
    (
        "{0} has no `economics` block: a tornado shows what moves the NPV",
        "{0} 没有 `economics` 部分：龙卷风图显示的是影响净现值的因素",
    ),
    (
        "the window is drawn by {0}, which is not beside this program ({1}); build both with `cargo build --release` (or install both with `cargo install --path .`)",
        "窗口由 {0} 绘制，但它不在本程序旁边（{1}）；请用 `cargo build --release` 同时构建两者（或用 `cargo install --path .` 同时安装）",
    ),
    (
        "{0}: no sheet \"{1}\"; sheets: {2}",
        "{0}：没有工作表 \"{1}\"；已有工作表：{2}",
    ),
    (
        "{0}: no column \"{1}\"; columns: {2}",
        "{0}：没有列 \"{1}\"；已有列：{2}",
    ),
    (
        "{0}: not UTF-8 text (save the CSV as UTF-8)",
        "{0}：不是 UTF-8 文本（请将 CSV 另存为 UTF-8 编码）",
    ),
    (
        "{0}: ok: \"{1}\", {2} stations, {3} products, {4} operators, variants: {5}; {6} candidates",
        "{0}：检查通过：\"{1}\"，{2} 个工位，{3} 种产品，{4} 名操作工，方案：{5}；{6} 个备选改造",
    ),
    (
        "{0}: ok: \"{1}\", {2} stations, {3} products, {4} operators, variants: {5}",
        "{0}：检查通过：\"{1}\"，{2} 个工位，{3} 种产品，{4} 名操作工，方案：{5}",
    ),
    ("note: {0}", "提示：{0}"),
    ("this will take {0}", "预计耗时 {0}"),
    ("about {0} on {1} core(s) ({2})", "约 {0}（{1} 核，{2}）"),
    ("wrote the winning placement to {0}", "已将最优布置写入 {0}"),
    ("wrote the P-P and Q-Q plots to {0}", "已将 P-P 图和 Q-Q 图写入 {0}"),
    ("wrote {0} files to {1}: {2}", "已写入 {0} 个文件到 {1}：{2}"),
    ("stopped", "已停止"),
    (
        "stopping: finishing nothing new, keeping the replications already complete (Ctrl-C again to quit at once)",
        "正在停止：不再开始新的仿真，保留已完成的结果（再按 Ctrl-C 立即退出）",
    ),
    (
        "shard {0}: {1} of {2} (variant, replication) runs; wrote {3}",
        "分片 {0}：共 {2} 次（方案，重复）运行中的 {1} 次；已写入 {3}",
    ),
    // An experiment's warnings.
    (
        "variant \"{0}\": WIP keeps growing through the run ({1}); a station cannot keep up with its input, so results depend on the run length",
        "方案 \"{0}\"：在制品在整个运行期间持续增长（{1}）；有工位跟不上来料，结果取决于运行时长",
    ),
    (
        "variant \"{0}\": no ideal_cycle for {1}: the mean cycle is the OEE performance reference there, so speed loss does not show",
        "方案 \"{0}\"：{1} 未给出 ideal_cycle：以平均节拍作为 OEE 性能基准，因此看不出速度损失",
    ),
    ("{0} and {1} more stations", "{0} 及另外 {1} 个工位"),
    (
        "variant \"{0}\": MSER on WIP suggests a warm-up of about {1}, longer than the {2} used; mean WIP between the two differs by {3}% from later on",
        "方案 \"{0}\"：按在制品的 MSER 法建议预热约 {1}，长于所用的 {2}；这段时间的平均在制品与之后相差 {3}%",
    ),
    (
        "the run ({0} h) is shorter than 10 x the warm-up ({1} h); results may still carry start-up effects",
        "运行时长（{0} h）不到预热（{1} h）的 10 倍；结果可能仍带有开工效应",
    ),
    (
        "no warm-up: the line starts empty and the start-up is counted in every KPI",
        "无预热：产线从空线开始，开工阶段计入每个指标",
    ),
    (
        "stopped early: {0} of {1} replications finished for every variant; the figures use those",
        "提前停止：每个方案完成了 {1} 次重复中的 {0} 次；数字基于这些结果",
    ),
    (
        "one replication gives no confidence intervals; use 10 or more to compare variants",
        "一次重复给不出置信区间；比较方案请用 10 次以上",
    ),
    (
        "KPIs are those of the first year from the installation (ramp-up included, no warm-up); the money figures take that year as year 1 and the steady run for the years after",
        "指标为安装后第一年的结果（含爬坡，无预热）；资金测算以该年为第 1 年，之后各年用稳态运行结果",
    ),
    // Durations, wherever they are written.
    (
        "empty duration; write a number with a unit, e.g. \"45s\"",
        "时长为空；请写数字加单位，如 \"45s\"",
    ),
    (
        "duration \"{0}\" is negative; times must be 0 or more",
        "时长 \"{0}\" 为负；时间必须大于等于 0",
    ),
    (
        "\"{0}\" is not a duration; write a number with a unit, e.g. \"45s\", \"2min\", \"1h30min\"",
        "\"{0}\" 不是时长；请写数字加单位，如 \"45s\"、\"2min\"、\"1h30min\"",
    ),
    (
        "duration \"{0}\" has no unit; add one of ms, s, min, h, d, w, y (e.g. \"{1}s\")",
        "时长 \"{0}\" 缺少单位；请加上 ms、s、min、h、d、w、y 之一（如 \"{1}s\"）",
    ),
    (
        "unknown time unit \"{0}\" in \"{1}\"; use ms, s, min, h, d, w or y",
        "\"{1}\" 中的时间单位 \"{0}\" 无法识别；请用 ms、s、min、h、d、w 或 y",
    ),
    (
        "duration \"{0}\" is too long; the limit is 1000 years",
        "时长 \"{0}\" 过长；上限为 1000 年",
    ),
    (
        "\"{0}\" rounds to 0: times are kept in whole milliseconds; write 1ms or more, or 0s",
        "\"{0}\" 取整后为 0：时间以整毫秒计；请写 1ms 及以上，或 0s",
    ),
    (
        "probability {0} is outside 0..1; write e.g. 0.02 for 2%",
        "概率 {0} 不在 0 到 1 之间；例如 2% 写作 0.02",
    ),
    // A scenario's commonest problems.
    (
        "the line has no stations; add at least one",
        "产线没有工位；请至少添加一个",
    ),
    ("a station needs a name", "工位需要名称"),
    (
        "{0} parallel servers: need 1 to 10000",
        "{0} 个并行工位：需要 1 到 10000 个",
    ),
    (
        "the station needs a processing time, e.g. `time: Const(\"45s\")`",
        "工位需要加工时间，如 `time: Const(\"45s\")`",
    ),
    (
        "buffer of {0} places is impossible; use 0 (no waiting place) or more, or \"unlimited\"",
        "缓冲区 {0} 个位置不可能；请用 0（无等待位）或更多，或 \"unlimited\"",
    ),
    (
        "buffer \"{0}\" is not understood; write a number of waiting places or \"unlimited\"",
        "无法理解缓冲区 \"{0}\"；请写等待位数量或 \"unlimited\"",
    ),
    ("scrap {0} plus rework {1} exceed 1", "报废率 {0} 加返工率 {1} 超过 1"),
    (
        "no products; add at least one product with its route",
        "没有产品；请至少添加一个产品及其工艺路线",
    ),
    (
        "the route is empty; list the stations the product visits in order",
        "工艺路线为空；请按顺序列出产品经过的工位",
    ),
    (
        "station \"{0}\" is listed twice in one step",
        "工位 \"{0}\" 在同一步中出现了两次",
    ),
    (
        "unknown station \"{0}\" in the route; stations: {1}",
        "工艺路线中的工位 \"{0}\" 不存在；已有工位：{1}",
    ),
    (
        "unknown station \"{0}\"; stations: {1}",
        "工位 \"{0}\" 不存在；已有工位：{1}",
    ),
    (
        "station \"{0}\" is defined twice; station names must be unique",
        "工位 \"{0}\" 定义了两次；工位名称不能重复",
    ),
    // Where, then what: a file and line, a field's path.
    ("{0}: {1}", "{0}：{1}"),
];

/// How deep quoted messages are translated.
const DEPTH: usize = 6;

/// `en` in Chinese when its form is known (see [`FORMS`]), else as written.
pub fn zh(en: &str) -> String {
    translate(en, 0)
}

fn translate(en: &str, depth: usize) -> String {
    if depth > DEPTH {
        return en.to_string();
    }
    // A message of several lines: each line on its own.
    if en.contains('\n') {
        return en
            .split('\n')
            .map(|l| translate(l, depth))
            .collect::<Vec<_>>()
            .join("\n");
    }
    for (form, chinese) in FORMS {
        if let Some(parts) = parts(form, en) {
            let quoted = quoted(form);
            let parts: Vec<String> = parts
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    if quoted.contains(&i) {
                        p.to_string()
                    } else {
                        translate(p, depth + 1)
                    }
                })
                .collect();
            let shown: Vec<&dyn Display> = parts.iter().map(|p| p as &dyn Display).collect();
            return super::fill(chinese, &shown);
        }
    }
    en.to_string()
}

/// The parts a form quotes ("{0}"): names and values as the user wrote
/// them, never translated.
fn quoted(form: &str) -> Vec<usize> {
    let p = pieces(form);
    (0..p.len())
        .filter_map(|k| match (k.checked_sub(1).map(|j| &p[j]), &p[k], p.get(k + 1)) {
            (Some(Piece::Text(a)), Piece::Part(i), Some(Piece::Text(b))) if a.ends_with('"') && b.starts_with('"') => {
                Some(*i)
            }
            _ => None,
        })
        .collect()
}

/// One piece of a form: literal text, or the part numbered so.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Part(usize),
}

fn pieces(form: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // Where the literal text being gathered starts, and where to look next.
    let (mut text, mut at) = (0, 0);
    while let Some(open) = form[at..].find('{').map(|o| at + o) {
        let part = form[open..]
            .find('}')
            .and_then(|c| form[open + 1..open + c].parse::<usize>().ok().map(|i| (i, open + c)));
        match part {
            Some((i, close)) => {
                if open > text {
                    out.push(Piece::Text(&form[text..open]));
                }
                out.push(Piece::Part(i));
                text = close + 1;
                at = close + 1;
            }
            // A brace that opens no part is text.
            None => at = open + 1,
        }
    }
    if text < form.len() {
        out.push(Piece::Text(&form[text..]));
    }
    out
}

/// The parts of `text` if it has the form `form`, by part number. A part
/// is never empty; each ends at the first place its following text occurs,
/// the last at the end of the message (or before the form's closing text).
fn parts<'t>(form: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let pieces = pieces(form);
    let count = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Part(i) => Some(i + 1),
            Piece::Text(_) => None,
        })
        .max()
        .unwrap_or(0);
    let mut found: Vec<Option<&str>> = vec![None; count];
    let mut rest = text;
    let mut k = 0;
    while k < pieces.len() {
        match pieces[k] {
            Piece::Text(t) => rest = rest.strip_prefix(t)?,
            Piece::Part(i) => {
                let end = match pieces.get(k + 1) {
                    // The last piece of the form: the closing text ends the message.
                    Some(Piece::Text(t)) if k + 2 == pieces.len() => rest.strip_suffix(t).map(str::len)?,
                    Some(Piece::Text(t)) => rest.find(t)?,
                    Some(Piece::Part(_)) => return None,
                    None => rest.len(),
                };
                if end == 0 {
                    return None;
                }
                found[i] = Some(&rest[..end]);
                rest = &rest[end..];
            }
        }
        k += 1;
    }
    if !rest.is_empty() {
        return None;
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_has_the_same_parts_in_both_languages_and_no_two_parts_touch() {
        for (en, zh) in FORMS {
            let numbers = |f: &str| {
                let mut n: Vec<usize> = pieces(f)
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Part(i) => Some(*i),
                        Piece::Text(_) => None,
                    })
                    .collect();
                n.sort_unstable();
                n
            };
            assert_eq!(numbers(en), numbers(zh), "{en}");
            let p = pieces(en);
            assert!(
                p.windows(2)
                    .all(|w| !matches!((&w[0], &w[1]), (Piece::Part(_), Piece::Part(_)))),
                "{en}: two parts side by side cannot be told apart"
            );
            assert!(zh.chars().any(|c| c > '\u{2e80}'), "{en}: no Chinese in {zh}");
        }
    }

    #[test]
    fn a_duration_without_a_unit_in_a_scenario_reads_in_chinese() {
        let en = crate::time::parse_duration("45").unwrap_err();
        let problem = format!("scenarios/x.ron:12: stations[3].time.Const: {en}");
        assert_eq!(
            zh(&format!("error: {problem}")),
            "错误：scenarios/x.ron:12：stations[3].time.Const：时长 \"45\" 缺少单位；请加上 ms、s、min、h、d、w、y 之一（如 \"45s\"）"
        );
    }

    #[test]
    fn quoted_messages_are_translated_in_turn_and_unknown_ones_stay() {
        assert_eq!(
            zh("cannot read scenarios/none.ron: No such file or directory (os error 2)"),
            "无法读取 scenarios/none.ron：文件不存在"
        );
        // The closing text of a form ends the message, so a name may hold it.
        assert_eq!(
            zh("no variant \"a; variants: b\" in f.ron; variants: base, robot"),
            "f.ron 中没有方案 \"a; variants: b\"；已有方案：base, robot"
        );
        assert_eq!(
            zh("error: --engine recursion: variant \"baseline\" does not qualify: \"lathe\" needs operators"),
            "错误：--engine recursion：方案 \"baseline\" 不适用递推引擎：\"lathe\" 需要操作工"
        );
        assert_eq!(zh("something new"), "something new");
        assert_eq!(zh("a.ron: something new"), "a.ron：something new");
        // Each line on its own.
        assert_eq!(
            zh("x.ron:3: a station needs a name\nx.ron: 1 problem(s); nothing was run"),
            "x.ron:3：工位需要名称\nx.ron：共 1 处问题，未运行"
        );
    }

    #[test]
    fn the_scenario_checks_own_words_are_the_forms_words() {
        // The forms quote the checks' English exactly: a check reworded
        // without its form here would silently stay English.
        let sources = [
            include_str!("../time.rs"),
            include_str!("../scenario/validate.rs"),
            include_str!("../scenario/names.rs"),
            include_str!("../scenario/builders/stations.rs"),
            include_str!("../scenario/builders/routes.rs"),
            include_str!("../sim/recursion.rs"),
        ];
        let all: String = sources.concat();
        for en in [
            "has no unit; add one of ms, s, min, h, d, w, y",
            "is not a duration; write a number with a unit",
            "the line has no stations; add at least one",
            "the route is empty; list the stations the product visits in order",
            "is listed twice in one step",
            "rounds to 0: times are kept in whole milliseconds; write 1ms or more, or 0s",
            "is outside 0..1; write e.g. 0.02 for 2%",
            "unknown {} \\\"{name}\\\"{context}; {}: {:?}",
            "its products take different routes",
            "fails by calendar time or waits for a repair crew",
            "its first station's buffer is unlimited (a saturated source would fill it without end)",
        ] {
            assert!(all.contains(en), "no check says {en:?} any more");
        }
    }
}

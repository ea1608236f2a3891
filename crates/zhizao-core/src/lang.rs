//! Two languages for everything a person reads: English and Simplified
//! Chinese. The English text is the key: code writes `lang.tr("Stations")`
//! or `lang.fmt("{0} replications", &[&n])`, and the Chinese catalogue below
//! maps it. JSON and CSV keys stay English (they are a contract). A test
//! fails when the code asks for a text the catalogue lacks.

use std::fmt::Display;

pub mod messages;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// "en", "zh", and locale names such as "zh_CN.UTF-8" or "en-GB".
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" || s.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the locale: the first of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` that is set (`get` reads a variable); English otherwise.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|k| get(k).filter(|v| !v.is_empty()))
            .next()
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    pub fn key(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// `en` in this language.
    pub fn tr(self, en: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh(en).unwrap_or(en),
        }
    }

    /// A text from a scenario (a tariff band's name, say) in this language
    /// when the catalogue knows it, else as written.
    pub fn tr_any(self, text: &str) -> String {
        match self {
            Lang::Zh => zh(text).unwrap_or(text).to_string(),
            Lang::En => text.to_string(),
        }
    }

    /// `en` in this language with `{0}`, `{1}`, ... replaced by `args`, in
    /// one pass (an argument that itself reads "{1}" stays as it is).
    pub fn fmt<const N: usize>(self, en: &'static str, args: [&dyn Display; N]) -> String {
        fill(self.tr(en), &args)
    }

    /// A message for the user (an error, a warning, a scenario's problem),
    /// written in English by the code that found it, in this language: in
    /// Chinese when [`messages`] knows its form, each part it quotes
    /// translated in turn, else as written.
    pub fn message(self, en: &str) -> String {
        match self {
            Lang::En => en.to_string(),
            Lang::Zh => messages::zh(en),
        }
    }

    /// A name as shown: its Chinese label when the text is Chinese and the
    /// scenario gives one, else the name itself.
    pub fn name<'a>(self, name: &'a str, label: Option<&'a str>) -> &'a str {
        match (label, self) {
            (Some(l), Lang::Zh) => l,
            _ => name,
        }
    }

    /// A variant's name as shown: [`Lang::name`], and the baseline, which
    /// has no label, reads 现状 in Chinese.
    pub fn variant_name(self, name: &str, label: Option<&str>) -> String {
        match (label, self) {
            (None, Lang::Zh) if name == crate::scenario::BASELINE => self.tr("baseline").to_string(),
            _ => self.name(name, label).to_string(),
        }
    }

    /// A list joined as the language joins one ("a, b" / "a、b").
    pub fn list(self, items: &[String]) -> String {
        items.join(match self {
            Lang::En => ", ",
            Lang::Zh => "、",
        })
    }
}

/// `template` with `{0}`, `{1}`, ... replaced by `args`, in one pass (an
/// argument that itself reads "{1}" stays as it is).
fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)))
            .filter(|&(i, _)| i < args.len());
        match arg {
            Some((i, close)) => {
                out.push_str(&args[i].to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The Chinese of an English text, when the catalogue has it.
fn zh(en: &str) -> Option<&'static str> {
    Some(match en {
        // Run headers.
        "{0} replications x {1} h measured after {2} h warm-up, seed {3}" => {
            "{0} 次重复仿真，每次预热 {2} 小时后统计 {1} 小时，随机种子 {3}"
        }
        "values: mean ± 95% confidence half-width" => "数值：均值 ± 95% 置信区间半宽",
        "Variant: {0}" => "方案：{0}",
        "Variant: {0} ({1})" => "方案：{0}（{1}）",
        // Tables: columns and headings.
        "variant" => "方案",
        "station" => "工位",
        "kind" => "类型",
        "servers" => "台数",
        "KPI" => "指标",
        "value" => "数值",
        "verdict" => "结论",
        "change (95% CI)" => "变化（95% 置信区间）",
        "output/h" => "时产",
        "per operator-h" => "人时产出",
        "lead time h" => "生产周期 h",
        "WIP" => "在制品",
        "OEE" => "OEE",
        "head count" => "用工人数",
        "capital [RMB]" => "设备投资 [万元]",
        "bottleneck" => "瓶颈",
        "Stations" => "工位",
        "share of planned time, the on-shift states sum to 100%; off-shift: share of all hours" => {
            "占计划时间的比例，班内各状态合计 100%；非班次：占全部时间的比例"
        }
        "OEE losses" => "OEE 损失",
        "no orders and maintenance: share of planned time; the rest: share of planned busy time = planned time minus both, summing to 100%" => {
            "无订单和计划保养：占计划时间的比例；其余：占计划负荷时间（计划时间减去这两项）的比例，合计 100%"
        }
        "no orders: share of planned time; the rest: share of planned busy time = planned time minus no-orders time, summing to 100%" => {
            "无订单：占计划时间的比例；其余：占计划负荷时间（计划时间减去无订单时间）的比例，合计 100%"
        }
        "no orders" => "无订单",
        "hours" => "小时",
        "share" => "比例",
        "Planned busy time" => "计划负荷时间",
        "Line OEE at {0} (the measured bottleneck in {1} of {2} replications), machine-hours in the run:" => {
            "产线 OEE 取自 {0}（{2} 次仿真中有 {1} 次为瓶颈），统计期内的设备小时："
        }
        "Bottleneck" => "瓶颈",
        "Operators" => "操作工",
        "per shift; utilisation = time at a task / time on shift" => "每班人数；利用率 = 作业时间 / 在班时间",
        "pool" => "工种",
        "people" => "人数",
        "busy" => "加工",
        // Bottleneck sentences.
        "incoming orders set the output: the line waited for orders {0} of its planned time" => {
            "产量由订单决定：产线有 {0} 的计划时间在等订单"
        }
        "no station was ever the bottleneck" => "没有工位成为瓶颈",
        "{0}; otherwise {1} ({2} of the time with a bottleneck); more capacity there shortens the lead time but adds little output" => {
            "{0}；其次是 {1}（占有瓶颈时间的 {2}）：在那里加产能能缩短生产周期，但几乎不增加产量"
        }
        "{0}, the bottleneck {1} of the time" => "{0}，{1} 的时间为瓶颈",
        "{0}, the bottleneck {1} of the time (then {2})" => "{0}，{1} 的时间为瓶颈（其次：{2}）",
        // Comparison.
        "(+ better, - worse, = no significant difference at 95%, * changed (OEE: taken at another bottleneck than the baseline's); bottleneck = station most often the momentary bottleneck, share of the time; OEE is taken there)" => {
            "（+ 更好，- 更差，= 在 95% 水平下无显著差异，* 有变化（OEE：取自与现状不同的瓶颈工位）；瓶颈 = 最常成为瞬时瓶颈的工位及其时间占比；OEE 在该工位统计）"
        }
        "{0} vs {1}" => "{0} 对比 {1}",
        "better" => "更好",
        "worse" => "更差",
        "changed" => "有变化",
        "no significant difference" => "无显著差异",
        "{0} (reference)" => "{0}（参照）",
        "{0} vs baseline" => "{0} 对比现状",
        // Money.
        "Money against the baseline [RMB]" => "相对现状的经济账 [万元]",
        "yearly figures from the simulated year; NPV over {0} years at {1}%" => {
            "年度数字取自仿真年；净现值按 {0} 年、折现率 {1}% 计算"
        }
        "yearly figures from the simulated year; NPV over {0} years at {1}%; subsidy \"{2}\": {3}% up to {4}" => {
            "年度数字取自仿真年；净现值按 {0} 年、折现率 {1}% 计算；补贴“{2}”：{3}%，上限 {4}"
        }
        "investment" => "投资",
        "subsidy" => "补贴",
        "net" => "净投资",
        "labour/yr" => "年人工节省",
        "benefit/yr" => "年效益",
        "payback years" => "回收期（年）",
        "NPV" => "净现值",
        "never" => "无法回收",
        "no investment" => "无投资",
        "(benefit = labour saving + extra contribution - extra robot running and electricity cost; subsidy = expected award; payback = years until the cumulative cash is at or above 0 for good, with its 95% range; 'never' = not within {0} years)" => {
            "（效益 = 人工节省 + 增产贡献 - 新增机器人运行和电费；补贴 = 期望补贴额；回收期 = 累计现金流此后一直不小于 0 所需的年数，括号内为 95% 区间；“无法回收” = {0} 年内不能回收）"
        }
        "{0}: first year from the installation (ramp-up) {1}, the years after {2} a year (benefit/yr above); payback and NPV count both" => {
            "{0}：安装后第一年（爬坡期）效益 {1}，此后每年 {2}（即上表年效益）；回收期和净现值两者都计入"
        }
        "Conventions: {0}." => "口径：{0}。",
        "subsidy granted with p = {0}, paid {1} year(s) after installation" => "补贴获批概率 {0}，安装后 {1} 年到账",
        "income tax {0}% (items up to {1} deducted at once, dearer ones over {2} years)" => {
            "所得税 {0}%（单价不超过 {1} 的设备一次性扣除，更贵的分 {2} 年折旧）"
        }
        "income tax {0}% (straight-line over {1} years)" => "所得税 {0}%（{1} 年直线折旧）",
        "VAT {0}% on equipment (credited in year 1)" => "设备增值税 {0}%（第一年抵扣）",
        "VAT {0}% on equipment (not deductible)" => "设备增值税 {0}%（不可抵扣）",
        "loan {0} at {1}% over {2} years ({3} a year)" => "贷款 {0}，利率 {1}%，{2} 年（每年还款 {3}）",
        "loan {0} at {1}% over {2} years ({3} a year, interest subsidy {4}%)" => {
            "贷款 {0}，利率 {1}%，{2} 年（每年还款 {3}，贴息 {4}%）"
        }
        "wages {0}% a year" => "工资每年 {0}%",
        "residual value {0}% of the capital" => "残值为投资的 {0}%",
        "capital x {0} (overrun, at base)" => "投资 × {0}（超支，基准值）",
        "How sure [RMB]" => "把握有多大 [万元]",
        "over {0} replications: simulation noise only; no uncertain inputs are drawn" => {
            "基于 {0} 次仿真：仅含仿真随机性，没有不确定输入"
        }
        "over {0} replications: simulation noise and {1} uncertain input(s) drawn in each: {2}" => {
            "基于 {0} 次仿真：含仿真随机性和每次抽样的 {1} 个不确定输入：{2}"
        }
        "NPV P10" => "净现值 P10",
        "NPV P50" => "净现值 P50",
        "NPV P90" => "净现值 P90",
        "NPV < 0" => "净现值<0",
        "payback P50-P90" => "回收期 P50-P90",
        "paid <= {0}y" => "{0} 年内回收",
        // Indicators.
        "Policy indicators" => "政策指标",
        "static = from the inventory, simulated = from the run; no IM maturity level is claimed" => {
            "静态 = 来自设备清单，仿真 = 来自仿真结果；不据此声称智能制造成熟度等级"
        }
        "indicator" => "指标",
        "basis" => "依据",
        "baseline" => "现状",
        "unit" => "单位",
        "static" => "静态",
        "simulated" => "仿真",
        "Industrial robots (ISO 8373)" => "工业机器人（ISO 8373）",
        "Employees (full-time)" => "员工（全职当量）",
        "Robot density" => "机器人密度",
        "CNC rate of key processes" => "关键工序数控化率",
        "Networking rate of digital equipment" => "数字化设备联网率",
        "Value added per employee" => "人均增加值",
        "Skilled heads" => "技能工人数",
        "Unskilled heads" => "普工人数",
        "robots" => "台",
        "per 10,000 employees" => "台/万人",
        "RMB/person/yr" => "元/人/年",
        // Tornado.
        "Sensitivity of \"{0}\"" => "“{0}”的敏感性",
        "each uncertain input at its 10th and 90th percentile, the others at base; NPV at base {0}" => {
            "每个不确定输入分别取 10% 和 90% 分位数，其余取基准值；基准净现值 {0}"
        }
        "input" => "输入",
        "low / base / high" => "低 / 基准 / 高",
        "NPV low" => "净现值（低）",
        "NPV high" => "净现值（高）",
        "swing" => "摆幅",
        "payback" => "回收期",
        // The answer.
        "There is no retrofit variant to compare with the line as it is." => "没有可与现状比较的改造方案。",
        "No variant is expected to earn back its cost; the least costly is {0}{1}." => {
            "没有方案能在预期内收回成本；损失最小的是 {0}{1}。"
        }
        "The best variant by expected net present value: {0}{1}." => "按期望净现值，最佳方案是 {0}{1}。",
        "The variant with the most good output: {0}{1}." => "合格品产量最高的方案是 {0}{1}。",
        "Output: {0} ({1} -> {2} good units an hour), a real change at 95%." => {
            "产量：{0}（每小时合格品 {1} -> {2}），在 95% 水平下显著。"
        }
        "Output: {0} ({1} -> {2} good units an hour), not distinguishable from the line as it is at 95%." => {
            "产量：{0}（每小时合格品 {1} -> {2}），在 95% 水平下与现状无显著差异。"
        }
        "People: {0} fewer per shift ({1} -> {2}); output per operator-hour {3}." => {
            "用工：每班减少 {0} 人（{1} -> {2}）；人均效率（人时产出）{3}。"
        }
        "People: {0} more per shift ({1} -> {2}); output per operator-hour {3}." => {
            "用工：每班增加 {0} 人（{1} -> {2}）；人均效率（人时产出）{3}。"
        }
        "People: as many per shift ({1} -> {2}); output per operator-hour {3}." => {
            "用工：每班人数不变（{1} -> {2}）；人均效率（人时产出）{3}。"
        }
        "Cost: {0} invested; {1} after the expected subsidy of {2}." => "投资：{0}；扣除期望补贴 {2} 后为 {1}。",
        "Pays back in {0} years (95% range in brackets); net present value {1} over {2} years at {3}%." => {
            "投资回收期 {0} 年（括号内为 95% 区间）；{2} 年净现值 {1}（折现率 {3}%）。"
        }
        "How sure: the net present value is below zero in {0} of the {1} replications (with the uncertain inputs drawn in each); it pays back within {2} years in {3}." => {
            "把握：{1} 次仿真（每次抽样不确定输入）中净现值小于 0 的占 {0}；{2} 年内回收的占 {3}。"
        }
        "After it the bottleneck is {0} ({1} of the time): the next place to look." => {
            "改造后瓶颈在 {0}（{1} 的时间）：下一步应关注这里。"
        }
        "output" => "产量",
        "people per shift" => "每班人数",
        "net investment [RMB]" => "净投资 [万元]",
        "NPV [RMB]" => "净现值 [万元]",
        // Text layout and the page.
        "({0} left out to fit {1} columns; a wider terminal or --width shows them)" => {
            "（为适应 {1} 列宽度省略了：{0}；加宽终端或用 --width 可显示）"
        }
        "The answer" => "结论",
        "Results" => "详细结果",
        "Charts" => "图表",
        "zhizao {0} of \"{1}\": {2} replication(s) per variant, seed {3}." => {
            "zhizao {0}：“{1}”，每个方案 {2} 次重复仿真，随机种子 {3}。"
        }
        "comparison" => "方案对比",
        "run" => "仿真",
        "sweep" => "参数扫描",
        "optimisation" => "优化",
        "check" => "检查",
        "Generated by zhizao. Values are means over replications with 95% confidence half-widths; changes are paired comparisons under common random numbers." => {
            "由 zhizao 生成。数值为多次仿真的均值及 95% 置信区间半宽；变化为公共随机数下的配对比较。"
        }
        // Optimiser.
        "Planned time" => "计划时间",
        "utilisation" => "利用率",
        "stopped before confirmation" => "确认前已停止",
        // The planner.
        "planner: click a station of the right-hand line, then P (or the button) for a robot cell there" => {
            "规划：点击右侧产线的一个工位，再按 P（或按钮）在那里放置机器人单元"
        }
        "(assumed robot data)" => "（假设的机器人参数）",
        "not projected" => "尚未推算",
        "projecting: {0} of {1} replications" => "推算中：{1} 次仿真已完成 {0} 次",
        "projection failed: {0}" => "推算失败：{0}",
        " | payback {0} y ({1}-{2}) on {3} net" => " | 回收期 {0} 年（{1}-{2}），净投资 {3}",
        "projected ({0} paired replications, 95%): output {1} | per operator-hour {2}{3}" => {
            "推算（{0} 次配对仿真，95%）：产量 {1} | 人时产出 {2}{3}"
        }
        "plan: robot cells at {0}: {1}" => "方案：机器人单元位于 {0}：{1}",
        "planned here: no robot cell placed yet" => "现场规划：尚未放置机器人单元",
        "the plan" => "规划方案",
        // Percentage points.
        "pt" => "百分点",
        // Charts.
        "simulated time [weeks]" => "仿真时间 [周]",
        "simulated time [hours]" => "仿真时间 [小时]",
        "good units per week" => "每周合格品 [件]",
        "good units per hour" => "每小时合格品 [件]",
        "Good output over time (mean and 95% band; the warm-up is included)" => {
            "合格品产量随时间变化（均值与 95% 区间；含预热期）"
        }
        "Station states (share of all hours)" => "工位状态（占全部时间的比例）",
        "years after installation" => "投产后年数",
        "NPV in RMB" => "净现值 [元]",
        "Headline KPIs with 95% confidence intervals" => "主要指标及 95% 置信区间",
        "Good output over time" => "合格品产量随时间变化",
        "Station states" => "工位状态",
        "Payback curve" => "投资回收曲线",
        "Payback: cumulative discounted cash at {0}% (crosses 0 at the discounted payback)" => {
            "投资回收：按 {0}% 折现的累计现金流（过 0 点即动态回收期）"
        }
        "{0} against {1} (mean and 95% band)" => "{0} 随 {1} 变化（均值与 95% 区间）",
        "{0} against {1}" => "{0} 随 {1} 变化",
        "Sensitivity of NPV: {0}" => "净现值敏感性：{0}",
        "What moves the NPV of \"{0}\" (one input at a time)" => "影响“{0}”净现值的因素（每次变动一个输入）",
        "planned here: robot cells at {0}" => "现场规划：机器人单元位于 {0}",
        "select a station of the right-hand line first" => "请先选择右侧产线的一个工位",
        "robot cell at {0}; restarted" => "已在 {0} 放置机器人单元；重新开始",
        "plan saved to {0}" => "方案已保存到 {0}",
        "cannot write {0}: {1}" => "无法写入 {0}：{1}",
        "1. The line as it is" => "一、现状",
        "2. Problems" => "二、问题",
        "3. Options" => "三、方案",
        "4. Investment" => "四、投资",
        "5. Benefits" => "五、效益",
        "6. Risks" => "六、风险",
        "Bottleneck: {0}" => "瓶颈：{0}",
        "(in the charts and the JSON each placement is named by its rank: option_1 is rank 1, option_2 rank 2, ...)" => {
            "（图表和 JSON 中各方案按排名命名：option_1 即第 1 名，option_2 即第 2 名，依此类推）"
        }
        "rank" => "排名",
        "objective" => "目标值",
        "heads" => "人数",
        "placement" => "改造位置",
        "(no automation: the line as it is)" => "（不改造：产线现状）",
        "[tied with #1]" => "[与第 1 名相当]",
        "[tied with #1]: as good as #1 (the paired 95% interval of the difference contains 0, or the difference is within the tolerance) and #1 is the cheapest such placement; choose between them on other grounds (risk, flexibility) or run more replications." => {
            "[与第 1 名相当]：与第 1 名一样好（差值的 95% 配对区间包含 0，或差值在容差内），而第 1 名是其中最便宜的；可按其他因素（风险、柔性）选择，或增加仿真次数。"
        }
        "the best {0} confirmed" => "前 {0} 名已确认",
        "exact: all {0} affordable placements screened, {1}" => "精确搜索：筛选了全部 {0} 个预算内方案，{1}",
        "heuristic (greedy by gain per RMB, then bottleneck-guided local search): {0} of {1} affordable placements screened, {2}" => {
            "启发式搜索（按单位投资收益贪心，再以瓶颈引导局部搜索）：筛选了 {1} 个预算内方案中的 {0} 个，{2}"
        }
        "Where to automate within {0}: maximise {1}" => "预算 {0} 内在哪里自动化：目标是最大化{1}",
        "search: {0}" => "搜索：{0}",
        "confirmation: {0} replications x {1} h after {2} h warm-up, seed {3}; values: mean ± 95% half-width" => {
            "确认：{0} 次重复仿真，预热 {2} 小时后统计 {1} 小时，随机种子 {3}；数值：均值 ± 95% 半宽"
        }
        "screening: {0} replications x {1} h after {2} h warm-up, seed {3}; values: mean ± 95% half-width" => {
            "筛选：{0} 次重复仿真，预热 {2} 小时后统计 {1} 小时，随机种子 {3}；数值：均值 ± 95% 半宽"
        }
        "With #1 the bottleneck is {0} ({1} of the time)." => "采用第 1 名后，瓶颈是 {0}（{1} 的时间）。",
        "{0} placement(s) are not valid lines and were skipped, e.g.:" => "{0} 个方案不构成有效产线，已跳过，例如：",
        "good output per planned hour [units/h]" => "计划时间每小时合格品产量 [件/h]",
        "output per operator-hour [units/op-h]" => "人时产出 [件/人时]",
        "net present value [RMB]" => "净现值 [万元]",
        "net present value, 10th percentile [RMB]" => "净现值 10% 分位 [万元]",
        "chance of payback within N years" => "N 年内回收的概率",
        "zhizao tornado: each uncertain input at its 10th and 90th percentile, the others at base, on the same seeds." => {
            "zhizao 敏感性分析：每个不确定输入分别取 10% 和 90% 分位数，其余取基准值，随机种子相同。"
        }
        // KPIs (ISO 22400 names where there are some).
        "Good output per planned hour" => "计划时间每小时合格品产量",
        "Good units in run" => "统计期合格品数",
        "Work in process" => "在制品",
        "Lead time" => "生产周期",
        "OEE (at the bottleneck)" => "OEE（瓶颈工位）",
        "Availability" => "可用率",
        "Performance" => "性能率",
        "Quality (right first time)" => "质量率（一次合格）",
        "Scrap rate" => "废品率",
        "Head count" => "用工人数",
        "Operator utilisation" => "操作工利用率",
        "Output per operator-hour" => "人时产出",
        "Robots in use (ISO 8373)" => "在用机器人（ISO 8373）",
        "CNC work places (static)" => "数控工位占比（静态）",
        "Networked work places (static)" => "联网工位占比（静态）",
        "Line waiting for orders" => "产线等订单",
        "Orders lost" => "订单流失率",
        "Vehicle utilisation (travelling, loading, unloading)" => "车辆利用率（行驶、装卸）",
        "Transport time (call to delivery)" => "运输时间（呼叫到送达）",
        "Electricity per good unit" => "单件合格品耗电",
        "Electricity cost a year (at the tariff)" => "年电费（按电价）",
        "Orders completed on time" => "订单准时完成率",
        "Tardiness (mean over completed orders)" => "拖期（已完成订单均值）",
        "Tardiness, 95th percentile" => "拖期 95% 分位",
        "Orders open at the end" => "期末未完成订单",
        "Finished goods in stock (mean)" => "成品库存（均值）",
        "Demand served from stock at once" => "现货满足率",
        "units/h" => "件/h",
        "units" => "件",
        "h" => "h",
        "min" => "min",
        "per shift" => "每班",
        "units/op-h" => "件/人时",
        "kWh/unit" => "kWh/件",
        "RMB/yr" => "元/年",
        "orders" => "单",
        // Losses (the six big losses) and states.
        "Planned maintenance (outside OEE)" => "计划保养（不计入 OEE）",
        "Maintenance" => "保养",
        "Breakdowns" => "故障",
        "Setups" => "换型",
        "Minor stops (starved, blocked, waiting for operator)" => "小停机（缺料、堵塞、等人）",
        "Minor stops" => "小停机",
        "No orders (outside OEE)" => "无订单（不计入 OEE）",
        "No orders" => "无订单",
        "Reduced speed" => "速度损失",
        "Speed loss" => "速度损失",
        "Scrap" => "报废",
        "Rework" => "返工",
        "Fully productive time" => "完全有效生产时间",
        "Productive" => "有效生产",
        "setup" => "换型",
        "blocked" => "堵塞",
        "starved" => "缺料",
        "down" => "故障",
        "off-shift" => "非班次",
        "wait-op" => "等人",
        "maint" => "保养",
        "manual" => "人工",
        "machine" => "设备",
        "robot" => "机器人",
        "conveyor" => "输送线",
        // Time and tariffs.
        "Mon" => "周一",
        "Tue" => "周二",
        "Wed" => "周三",
        "Thu" => "周四",
        "Fri" => "周五",
        "Sat" => "周六",
        "Sun" => "周日",
        "week {0}" => "第 {0} 周",
        " | holiday: {0}" => " | 假期：{0}",
        "closed" => "停产",
        " | tariff: {0}" => " | 电价：{0}",
        "high peak" => "尖峰",
        "peak" => "峰",
        "flat" => "平",
        "shoulder" => "平",
        "valley" => "谷",
        "deep valley" => "深谷",
        "Spring Festival" => "春节",
        "off-peak" => "谷",
        "the line as it is today" => "产线现状",
        // The exhibition's headline.
        "{0} fewer people a shift" => "每班减少用工 {0} 人",
        "output {0}" => "产量 {0}",
        "per worker {0}" => "人均效率 {0}",
        "invest {0} net of subsidy" => "投资 {0}（扣补贴）",
        "payback {0} years" => "投资回收期 {0} 年",
        "does not pay back" => "无法回收投资",
        "subsidy {0}" => "补贴 {0}",
        "payback: computing" => "回收期：计算中",
        // The live view.
        "restarted with seed {0}" => "已用随机种子 {0} 重新开始",
        "automatic x{0}" => "自动设备 x{0}",
        "ROBOT x{0}" => "机器人 x{0}",
        "machine x{0}" => "设备 x{0}",
        "manual x{0}" => "人工 x{0}",
        "conveyor, {0} places" => "输送线，{0} 个位置",
        "loads of {0}" => "每炉 {0} 件",
        "racks of {0}" => "每架 {0} 件",
        "STOPPED ({0}): {1}" => "已停止（{0}）：{1}",
        "end of run (R: again with the next seed)" => "运行结束（按 R 用下一个随机种子重来）",
        "PAUSED" => "已暂停",
        "speed {0}" => "速度 {0}",
        " | {0} events in {1} ms" => " | {0} 个事件用时 {1} ms",
        "PLANNER | " => "规划模式 | ",
        "seed {0}" => "随机种子 {0}",
        "{0} vs {1} so far: {2} | {3} | {4}" => "{0} 对比 {1}（至今）：{2} | {3} | {4}",
        "(now {0})" => "（当前 {0}）",
        "BEFORE  " => "改造前  ",
        "AFTER  " => "改造后  ",
        "good output per hour, last {0} days (scale 0-{1}, same on both sides)" => {
            "每小时合格品产量，最近 {0} 天（刻度 0-{1}，两侧相同）"
        }
        "{0} ({1}, {2} server)" => "{0}（{1}，{2} 台）",
        "{0} ({1}, {2} servers)" => "{0}（{1}，{2} 台）",
        "operators: {0} ({1} per shift)\n" => "操作工：{0}（每班 {1} 人）\n",
        "now: {0}\n" => "当前：{0}\n",
        "buffer {0} of {1}, done {2}\n" => "缓冲 {0}/{1}，已完成 {2}\n",
        "unlimited" => "不限",
        "of planned time: " => "占计划时间：",
        "\nP or the button: put a robot cell here" => "\n按 P 或按钮：在此放置机器人单元",
        "Space pause | . step | +/- speed | 1-7 speed (1 = real time, 7 = max) | R restart, next seed | S screenshot | Esc quit" => {
            "空格 暂停 | . 单步 | +/- 调速 | 1-7 速度（1 = 实时，7 = 最快）| R 换随机种子重来 | S 截图 | Esc 退出"
        }
        "\nclick a station on the right, then P: robot cell | W: save the plan as a RON variant" => {
            "\n点击右侧工位，再按 P：放置机器人单元 | W：把方案保存为 RON 方案"
        }
        "\nhover a station for its statistics" => "\n鼠标悬停工位查看统计",
        "\nhover a station for its statistics | same seed both sides (common random numbers)" => {
            "\n鼠标悬停工位查看统计 | 两侧随机种子相同（公共随机数）"
        }
        "\nthe numbers equal: {0}" => "\n与此数字相同的命令：{0}",
        "Robot cell here (P)" => "在此放机器人 (P)",
        "processing" => "加工",
        "off shift" => "非班次",
        "waiting for operator" => "等待操作工",
        "planned maintenance" => "计划保养",
        "ops/h" => "次/h",
        "failures" => "次",
        "machine-h" => "设备小时",
        // KPI short names (the view's panels).
        "Output/hour" => "时产",
        "Good output" => "合格品",
        "Operators busy" => "操作工忙碌",
        "Output/operator-h" => "人时产出",
        "Robots" => "机器人",
        "CNC share" => "数控占比",
        "Networked" => "联网",
        "Vehicles" => "车辆",
        "Transport" => "运输",
        "Power cost/yr" => "年电费",
        "On time" => "准时",
        "Tardiness" => "拖期",
        "Tardiness p95" => "拖期 p95",
        "Open orders" => "未完成订单",
        "FG stock" => "成品库存",
        "Fill rate" => "现货满足率",
        "Quality" => "质量率",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En,
            "LC_ALL wins"
        );
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "zh_TW")])), Lang::Zh);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn texts_are_filled_in_either_language() {
        let t = "{0} replications x {1} h measured after {2} h warm-up, seed {3}";
        assert_eq!(
            Lang::En.fmt(t, [&20, &8736, &168, &7]),
            "20 replications x 8736 h measured after 168 h warm-up, seed 7"
        );
        assert_eq!(
            Lang::Zh.fmt(t, [&20, &8736, &168, &7]),
            "20 次重复仿真，每次预热 168 小时后统计 8736 小时，随机种子 7"
        );
        assert_eq!(Lang::Zh.tr("not in the catalogue"), "not in the catalogue");
        // An argument that reads like a placeholder is not filled again.
        assert_eq!(Lang::En.fmt("{0} vs {1}", [&"{1}", &"b"]), "{1} vs b");
        assert_eq!(Lang::En.fmt("seed {0}", [&7]), "seed 7");
        assert_eq!(Lang::Zh.variant_name("baseline", None), "现状");
        assert_eq!(Lang::Zh.variant_name("robot", Some("机器人")), "机器人");
        assert_eq!(Lang::En.variant_name("robot", Some("机器人")), "robot");
        assert_eq!(Lang::Zh.list(&["a".into(), "b".into()]), "a、b");
    }

    /// Every text the report code asks for in Chinese is in the catalogue,
    /// with the same placeholders.
    #[test]
    fn the_catalogue_has_every_text_the_reports_ask_for() {
        let sources = [
            include_str!("report/table.rs"),
            include_str!("report/answer.rs"),
            include_str!("report/doc.rs"),
            include_str!("report/html.rs"),
            include_str!("report/optimize.rs"),
            include_str!("report/charts.rs"),
            include_str!("../../zhizao-view/src/panels.rs"),
            include_str!("../../zhizao-view/src/floor.rs"),
            include_str!("../../zhizao-view/src/lib.rs"),
            include_str!("../../zhizao-view/src/planner.rs"),
        ];
        let mut asked = Vec::new();
        for src in sources {
            for call in [".tr(", ".fmt("] {
                for (at, _) in src.match_indices(call) {
                    let rest = src[at + call.len()..].trim_start();
                    // Literal texts (and each literal of an if/else inside the call).
                    let mut depth = 1;
                    let mut i = 0;
                    let b = rest.as_bytes();
                    while i < b.len() && depth > 0 {
                        match b[i] {
                            // A template's arguments follow it in brackets.
                            b'[' if depth == 1 && call == ".fmt(" => break,
                            b'(' | b'[' => depth += 1,
                            b')' | b']' => depth -= 1,
                            b'"' => {
                                let start = i + 1;
                                i += 1;
                                while i < b.len() && !(b[i] == b'"' && b[i - 1] != b'\\') {
                                    i += 1;
                                }
                                asked.push(rest[start..i].replace("\\\"", "\"").replace("\\n", "\n"));
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                }
            }
        }
        assert!(asked.len() > 80, "found {} texts", asked.len());
        let mut missing = Vec::new();
        for en in asked
            .iter()
            .filter(|t| !t.is_empty() && t.chars().any(|c| c.is_alphabetic()))
        {
            match zh(en) {
                None => missing.push(en.clone()),
                Some(zh) => {
                    for i in 0..6 {
                        let p = format!("{{{i}}}");
                        assert_eq!(en.contains(&p), zh.contains(&p), "{en:?} -> {zh:?}: {p}");
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese for:\n{}", missing.join("\n"));
    }

    /// The words that come from tables of definitions: KPI labels and
    /// units, state and loss names, station kinds, indicators, objectives.
    #[test]
    fn the_catalogue_has_the_definitions_words() {
        use crate::kpi::{LINE_KPIS, StationKpi};
        let mut words: Vec<&str> = Vec::new();
        for d in LINE_KPIS.iter() {
            words.extend([d.label, d.unit, d.short]);
        }
        for d in crate::kpi::STATION_KPIS.iter() {
            words.push(d.unit);
        }
        for l in StationKpi::LOSSES {
            words.extend([l.def().label, l.def().short]);
        }
        for s in crate::state::STATES {
            words.extend([s.short, s.label]);
        }
        for k in ["manual", "machine", "robot", "conveyor"] {
            words.push(k);
        }
        for d in crate::indicators::INDICATORS.iter() {
            words.extend([d.label, d.unit, d.basis.key()]);
        }
        for o in crate::optimize::Objective::ALL {
            words.push(o.label());
        }
        let missing: Vec<&str> = words.into_iter().filter(|w| !w.is_empty() && zh(w).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese for:\n{}", missing.join("\n"));
    }
}

//! Plain-text tables a planner reads at a glance. Fractions are shown as
//! percentages; every mean carries its 95% half-width.

use super::doc::{Doc, Table};
use super::line_verdict;
use crate::experiment::{Analysis, VariantAnalysis};
use crate::format::{grouped, is_fraction, kpi_value, number, percent, signed_percent, wan};
use crate::kpi::{self, KpiDef, LINE_KPIS};
use crate::lang::Lang;
use crate::sim::State;
use crate::stats::Summary;
use crate::time::ticks_to_hours;

pub(crate) fn show_summary(d: &KpiDef, s: &Summary) -> String {
    match s.half_width {
        Some(h) => format!("{} ± {}", kpi_value(d, s.mean), show_hw(d, h)),
        None if s.n == 1 => format!("{} (n=1, no CI)", kpi_value(d, s.mean)),
        None => "-".into(),
    }
}

/// Percentage points with enough digits that a small change does not read as 0.
fn points(x: f64) -> String {
    let p = 100.0 * x;
    if p.abs() < 0.1 && p != 0.0 {
        format!("{p:.3}")
    } else {
        format!("{p:.1}")
    }
}

fn show_hw(d: &KpiDef, h: f64) -> String {
    if is_fraction(d) { points(h) } else { number(h) }
}

pub(crate) fn label(d: &KpiDef, lang: Lang) -> String {
    if d.unit.is_empty() {
        lang.tr(d.label).to_string()
    } else {
        format!("{} [{}]", lang.tr(d.label), lang.tr(d.unit))
    }
}

/// An amount of money in a table: yuan in English, 万元 in Chinese (the
/// unit is in the column's header).
pub(crate) fn rmb(x: f64, lang: Lang) -> String {
    match lang {
        Lang::En => grouped(x),
        Lang::Zh => wan(x),
    }
}

/// An amount with its 95% half-width, in [`rmb`]'s unit.
pub(crate) fn rmb_summary(s: &Summary, lang: Lang) -> String {
    match s.half_width {
        Some(h) => format!("{} ± {}", rmb(s.mean, lang), rmb(h, lang)),
        None => rmb(s.mean, lang),
    }
}

/// A station as shown: its Chinese name in Chinese when the scenario gives
/// one, else its name.
pub(crate) fn station_name(st: &crate::experiment::StationAnalysis, lang: Lang) -> &str {
    lang.name(&st.name, st.label.as_deref())
}

/// A variant as shown: in Chinese its Chinese name (the baseline: 现状).
pub(crate) fn variant_name(v: &VariantAnalysis, lang: Lang) -> String {
    lang.variant_name(&v.name, v.label.as_deref())
}

/// What a variant does, unless its Chinese name already says it.
pub(crate) fn variant_detail(v: &VariantAnalysis, lang: Lang) -> String {
    match (&v.label, lang) {
        (Some(_), Lang::Zh) => String::new(),
        _ => v.description.clone(),
    }
}

/// The scenario as shown: its Chinese name in Chinese when it gives one.
pub fn scenario_name(a: &Analysis, lang: Lang) -> String {
    lang.name(&a.scenario, a.scenario_label.as_deref()).to_string()
}

/// An amount with its half-width in a sentence: "886,230 ± 60,757 RMB" or
/// "88.6 ± 6.1 万元".
pub(crate) fn rmb_summary_text(s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} RMB", rmb_summary(s, lang)),
        Lang::Zh => format!("{} 万元", rmb_summary(s, lang)),
    }
}

/// An amount in a sentence: "1,080,000 RMB" or "108.0 万元".
pub(crate) fn rmb_text(x: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} RMB", grouped(x)),
        Lang::Zh => crate::format::wan_yuan(x),
    }
}

fn header(doc: &mut Doc, a: &Analysis, lang: Lang) {
    let s = &a.settings;
    doc.text(scenario_name(a, lang));
    doc.text(lang.fmt(
        "{0} replications x {1} h measured after {2} h warm-up, seed {3}",
        [
            &s.replications,
            &format!("{:.0}", ticks_to_hours(s.run)),
            &format!("{:.0}", ticks_to_hours(s.warmup)),
            &s.seed,
        ],
    ));
    doc.text(lang.tr("values: mean ± 95% confidence half-width"));
    doc.blank();
}

/// The states a station table shows: planned maintenance only when some
/// station of the variant has any.
fn shown_states(v: &VariantAnalysis) -> Vec<State> {
    let maintained = v
        .stations
        .iter()
        .any(|s| s.kpis[kpi::ST_STATES + State::Maintenance as usize].mean > 0.0);
    State::ALL
        .into_iter()
        .filter(|&s| s != State::Maintenance || maintained)
        .collect()
}

fn station_table(doc: &mut Doc, v: &VariantAnalysis, lang: Lang) {
    doc.heading(
        lang.tr("Stations"),
        lang.tr("share of planned time, the on-shift states sum to 100%; off-shift: share of all hours"),
    );
    let states = shown_states(v);
    let mut t = Table::new()
        .text(lang.tr("station"))
        .text(lang.tr("kind"))
        .optional(5)
        .number(lang.tr("servers"))
        .optional(4);
    for state in &states {
        t = t.number(lang.tr(state.info().short));
        // On a narrow terminal the rarer states go first.
        t = match state {
            State::Busy | State::Down | State::Blocked | State::Starved => t,
            State::OffShift => t.optional(3),
            _ => t.optional(2),
        };
    }
    t = t
        .number(lang.tr("OEE"))
        .number(lang.tr("output/h"))
        .optional(1)
        .number(lang.tr("bottleneck"));
    for st in &v.stations {
        let mut row = vec![
            station_name(st, lang).to_string(),
            lang.tr(st.kind).to_string(),
            st.servers.to_string(),
        ];
        for &state in &states {
            let m = st.kpis[kpi::ST_STATES + state as usize].mean;
            row.push(if m.is_finite() {
                format!("{:.1}%", 100.0 * m)
            } else {
                "-".into()
            });
        }
        row.push(percent(st.kpis[kpi::ST_OEE].mean));
        row.push(number(st.kpis[kpi::ST_THROUGHPUT].mean));
        row.push(percent(st.kpis[kpi::ST_BOTTLENECK].mean));
        t.row(row);
    }
    doc.table(t);
}

/// The six big losses per station as shares of planned busy time, and the
/// OEE station's losses in hours. Time without orders and planned
/// maintenance are outside planned busy time (shares of planned time).
fn loss_table(doc: &mut Doc, v: &VariantAnalysis, lang: Lang) {
    use kpi::StationKpi;
    let maintained = shown_states(v).contains(&State::Maintenance);
    doc.heading(
        lang.tr("OEE losses"),
        lang.tr(if maintained {
            "no orders and maintenance: share of planned time; the rest: share of planned busy time = planned time minus both, summing to 100%"
        } else {
            "no orders: share of planned time; the rest: share of planned busy time = planned time minus no-orders time, summing to 100%"
        }),
    );
    let outside = [StationKpi::LossNoOrders, StationKpi::LossMaintenance];
    let losses: Vec<StationKpi> = StationKpi::LOSSES
        .into_iter()
        .filter(|l| !outside.contains(l))
        .collect();
    let mut t = Table::new()
        .text(lang.tr("station"))
        .number(lang.tr("no orders"))
        .optional(2);
    if maintained {
        t = t.number(lang.tr(StationKpi::LossMaintenance.def().short)).optional(1);
    }
    for l in &losses {
        t = t.number(lang.tr(l.def().short));
    }
    let pbt = |st: &crate::experiment::StationAnalysis| {
        st.kpis[kpi::ST_PLANNED_HOURS].mean
            - st.kpis[StationKpi::LossNoOrders as usize].mean
            - st.kpis[StationKpi::LossMaintenance as usize].mean
    };
    for st in &v.stations {
        let busy = pbt(st);
        let mut row = vec![
            station_name(st, lang).to_string(),
            percent(st.kpis[kpi::ST_NO_ORDERS].mean),
        ];
        if maintained {
            row.push(percent(st.kpis[kpi::ST_STATES + State::Maintenance as usize].mean));
        }
        for l in &losses {
            let share = if busy > 0.0 {
                st.kpis[*l as usize].mean / busy
            } else {
                f64::NAN
            };
            // Parts in process at the start of the measured time make a
            // speed loss a hair below zero; that is a boundary, not a gain.
            let share = if (-1e-3..0.0).contains(&share) { 0.0 } else { share };
            row.push(percent(share));
        }
        t.row(row);
    }
    doc.table(t);
    let Some((st, n)) = v.oee_reference() else { return };
    doc.blank();
    doc.text(lang.fmt(
        "Line OEE at {0} (the measured bottleneck in {1} of {2} replications), machine-hours in the run:",
        [&station_name(st, lang), &n, &v.replications.len()],
    ));
    let busy = pbt(st);
    let hours = |k: usize| st.kpis[k].mean;
    let mut t = Table::new()
        .indent(2)
        .text("")
        .number(lang.tr("hours"))
        .number(lang.tr("share"));
    t.row(vec![
        lang.tr("Planned time").into(),
        grouped(hours(kpi::ST_PLANNED_HOURS)),
        String::new(),
    ]);
    for l in outside
        .iter()
        .filter(|&&l| maintained || l != StationKpi::LossMaintenance)
    {
        t.row(vec![
            lang.tr(l.def().label).into(),
            grouped(hours(*l as usize)),
            String::new(),
        ]);
    }
    let share = |h: f64| if busy > 0.0 { percent(h / busy) } else { "-".into() };
    t.row(vec![lang.tr("Planned busy time").into(), grouped(busy), share(busy)]);
    for l in &losses {
        let h = hours(*l as usize);
        t.row(vec![lang.tr(l.def().label).into(), grouped(h), share(h)]);
    }
    doc.table(t);
}

/// "cnc_drilling, the bottleneck 79.5% of the time (then assembly 14.0%)",
/// or, when orders set the output, that first.
fn bottleneck_sentence(v: &VariantAnalysis, lang: Lang) -> String {
    let orders = v.demand_limited().map(|share| {
        lang.fmt(
            "incoming orders set the output: the line waited for orders {0} of its planned time",
            [&percent(share)],
        )
    });
    let Some((st, share)) = v.bottleneck() else {
        return orders.unwrap_or_else(|| lang.tr("no station was ever the bottleneck").into());
    };
    if let Some(orders) = orders {
        return lang.fmt(
            "{0}; otherwise {1} ({2} of the time with a bottleneck); more capacity there shortens the lead time but adds little output",
            [&orders, &station_name(st, lang), &percent(share)],
        );
    }
    let mut others: Vec<(&str, f64)> = v
        .stations
        .iter()
        .filter(|s| s.name != st.name)
        .map(|s| (station_name(s, lang), s.kpis[kpi::ST_BOTTLENECK].mean))
        .filter(|(_, m)| *m >= 0.005)
        .collect();
    others.sort_by(|a, b| b.1.total_cmp(&a.1));
    let then: Vec<String> = others
        .iter()
        .take(2)
        .map(|(n, m)| format!("{n} {}", percent(*m)))
        .collect();
    if then.is_empty() {
        lang.fmt(
            "{0}, the bottleneck {1} of the time",
            [&station_name(st, lang), &percent(share)],
        )
    } else {
        lang.fmt(
            "{0}, the bottleneck {1} of the time (then {2})",
            [&station_name(st, lang), &percent(share), &lang.list(&then)],
        )
    }
}

/// Money: investment, subsidy, yearly benefit, payback and NPV per variant.
fn finance_table(doc: &mut Doc, a: &Analysis, lang: Lang, with_risk: bool) {
    let Some(e) = &a.economics else { return };
    let rows: Vec<&VariantAnalysis> = a.variants.iter().filter(|v| v.vs_baseline.is_some()).collect();
    let Some(_) = rows.first().and_then(|v| v.finance.as_ref()) else {
        return;
    };
    let rate = format!("{:.1}", 100.0 * e.discount_rate);
    doc.heading(
        lang.tr("Money against the baseline [RMB]"),
        match &e.subsidy {
            Some(s) => lang.fmt(
                "yearly figures from the simulated year; NPV over {0} years at {1}%; subsidy \"{2}\": {3}% up to {4}",
                [
                    &e.horizon_years,
                    &rate,
                    &s.name,
                    &format!("{:.0}", 100.0 * s.rate),
                    &rmb_text(s.cap_rmb, lang),
                ],
            ),
            None => lang.fmt(
                "yearly figures from the simulated year; NPV over {0} years at {1}%",
                [&e.horizon_years, &rate],
            ),
        },
    );
    let mut t = Table::new()
        .text(lang.tr("variant"))
        .number(lang.tr("investment"))
        .optional(3)
        .number(lang.tr("subsidy"))
        .optional(2)
        .number(lang.tr("net"))
        .number(lang.tr("labour/yr"))
        .optional(4)
        .number(lang.tr("benefit/yr"))
        .optional(1)
        .number(lang.tr("payback years"))
        .number(lang.tr("NPV"));
    for v in rows {
        let Some(f) = &v.finance else { continue };
        t.row(vec![
            variant_name(v, lang),
            rmb(f.investment_rmb, lang),
            rmb(f.subsidy_rmb, lang),
            rmb(f.net_investment_rmb, lang),
            rmb(f.annual_labour_saving_rmb, lang),
            rmb_summary(&f.annual_benefit_rmb, lang),
            payback_of(f, lang),
            rmb_summary(&f.npv_rmb, lang),
        ]);
    }
    doc.table(t);
    doc.note(lang.fmt(
        "(benefit = labour saving + extra contribution - extra robot running and electricity cost; subsidy = expected award; payback = years until the cumulative cash is at or above 0 for good, with its 95% range; 'never' = not within {0} years)",
        [&crate::economics::PAYBACK_YEARS],
    ));
    conventions(doc, e, lang);
    if with_risk {
        risk_table(doc, a, e, lang);
    }
    for v in a.variants.iter().filter(|v| v.vs_baseline.is_some()) {
        if let Some(f) = &v.finance
            && let Some(b1) = &f.first_year_benefit_rmb
        {
            doc.text(lang.fmt(
                "{0}: first year from the installation (ramp-up) {1}, the years after {2} a year (benefit/yr above); payback and NPV count both",
                [
                    &variant_name(v, lang),
                    &rmb_summary_text(b1, lang),
                    &rmb_summary_text(&f.annual_benefit_rmb, lang),
                ],
            ));
        }
    }
}

/// The finance conventions in force, in one line (nothing when none).
fn conventions(doc: &mut Doc, e: &crate::economics::Economics, lang: Lang) {
    let mut parts = Vec::new();
    let pct = |x: f64, d: usize| format!("{:.*}", d, 100.0 * x);
    if let Some(s) = &e.subsidy
        && (s.probability < 1.0 || s.delay_years > 0)
    {
        parts.push(lang.fmt(
            "subsidy granted with p = {0}, paid {1} year(s) after installation",
            [&format!("{:.2}", s.probability), &s.delay_years],
        ));
    }
    if let Some(t) = &e.tax {
        parts.push(match t.one_off_cap_rmb {
            Some(cap) => lang.fmt(
                "income tax {0}% (items up to {1} deducted at once, dearer ones over {2} years)",
                [&pct(t.rate, 0), &rmb_text(cap, lang), &t.depreciation_years],
            ),
            None => lang.fmt(
                "income tax {0}% (straight-line over {1} years)",
                [&pct(t.rate, 0), &t.depreciation_years],
            ),
        });
    }
    if let Some(v) = &e.vat {
        parts.push(lang.fmt(
            if v.deductible {
                "VAT {0}% on equipment (credited in year 1)"
            } else {
                "VAT {0}% on equipment (not deductible)"
            },
            [&pct(v.rate, 0)],
        ));
    }
    if let Some(l) = &e.loan {
        let args: [&dyn std::fmt::Display; 5] = [
            &rmb_text(l.amount_rmb, lang),
            &pct(l.rate, 2),
            &l.term_years,
            &rmb_text(l.payment(), lang),
            &pct(l.interest_subsidy_rate, 2),
        ];
        parts.push(lang.fmt(
            if l.interest_subsidy_rate > 0.0 {
                "loan {0} at {1}% over {2} years ({3} a year, interest subsidy {4}%)"
            } else {
                "loan {0} at {1}% over {2} years ({3} a year)"
            },
            args,
        ));
    }
    if e.wage_growth != 0.0 {
        parts.push(lang.fmt("wages {0}% a year", [&format!("{:+.1}", 100.0 * e.wage_growth)]));
    }
    if e.residual_value_share > 0.0 {
        parts.push(lang.fmt("residual value {0}% of the capital", [&pct(e.residual_value_share, 0)]));
    }
    if e.capital_overrun != 1.0
        || e.inputs
            .iter()
            .any(|(_, f)| *f == crate::economics::Field::CapitalOverrun)
    {
        parts.push(lang.fmt(
            "capital x {0} (overrun, at base)",
            [&format!("{:.2}", e.capital_overrun)],
        ));
    }
    if !parts.is_empty() {
        let sep = match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        };
        doc.note(lang.fmt("Conventions: {0}.", [&parts.join(sep)]));
    }
}

/// How sure the money is: the spread of NPV and payback over replications,
/// and what the spread includes.
fn risk_table(doc: &mut Doc, a: &Analysis, e: &crate::economics::Economics, lang: Lang) {
    let rows: Vec<(&VariantAnalysis, &crate::economics::Finance)> = a
        .variants
        .iter()
        .filter_map(|v| v.finance.as_ref().map(|f| (v, f)))
        .collect();
    if rows.is_empty() || a.settings.replications < 2 {
        return;
    }
    let drawn: Vec<&String> = {
        let mut d: Vec<&String> = Vec::new();
        for (_, f) in &rows {
            for i in &f.risk.inputs {
                if !d.contains(&i) {
                    d.push(i);
                }
            }
        }
        d
    };
    let within = e.payback_within_years;
    let inputs: Vec<String> = drawn.iter().map(|s| s.to_string()).collect();
    doc.heading(
        lang.tr("How sure [RMB]"),
        if drawn.is_empty() {
            lang.fmt(
                "over {0} replications: simulation noise only; no uncertain inputs are drawn",
                [&a.settings.replications],
            )
        } else {
            lang.fmt(
                "over {0} replications: simulation noise and {1} uncertain input(s) drawn in each: {2}",
                [&a.settings.replications, &drawn.len(), &lang.list(&inputs)],
            )
        },
    );
    let mut t = Table::new()
        .text(lang.tr("variant"))
        .number(lang.tr("NPV P10"))
        .optional(1)
        .number(lang.tr("NPV P50"))
        .number(lang.tr("NPV P90"))
        .optional(1)
        .number(lang.tr("NPV < 0"))
        .number(lang.tr("payback P50-P90"))
        .number(lang.fmt(
            "paid <= {0}y",
            [&crate::format::fixed(within, if within.fract() == 0.0 { 0 } else { 1 })],
        ));
    let years = |x: f64| {
        if x.is_finite() {
            format!("{x:.1}")
        } else {
            lang.tr("never").into()
        }
    };
    for (v, f) in rows {
        let r = &f.risk;
        t.row(vec![
            variant_name(v, lang),
            rmb(r.npv.p10, lang),
            rmb(r.npv.p50, lang),
            rmb(r.npv.p90, lang),
            percent(r.probability_npv_negative),
            if f.investment_rmb <= 0.0 {
                lang.tr("no investment").to_string()
            } else {
                format!("{}-{}", years(r.payback.p50), years(r.payback.p90))
            },
            if f.investment_rmb <= 0.0 {
                "-".into()
            } else {
                percent(r.probability_payback_within)
            },
        ]);
    }
    doc.table(t);
}

/// The policy indicators of each variant, before (baseline) and after.
pub(crate) fn indicators_table(doc: &mut Doc, a: &Analysis, lang: Lang) {
    use crate::indicators::INDICATORS;
    let Some(base) = a.variants.iter().find(|v| v.name == crate::scenario::BASELINE) else {
        return;
    };
    let others: Vec<&VariantAnalysis> = a.variants.iter().filter(|v| v.vs_baseline.is_some()).collect();
    doc.heading(
        lang.tr("Policy indicators"),
        lang.tr("static = from the inventory, simulated = from the run; no IM maturity level is claimed"),
    );
    let mut t = Table::new()
        .text(lang.tr("indicator"))
        .text(lang.tr("basis"))
        .optional(2)
        .number(lang.tr("baseline"));
    for v in &others {
        t = t.number(variant_name(v, lang));
    }
    t = t.text(lang.tr("unit")).optional(1);
    let show = |d: &crate::indicators::IndicatorDef, x: f64| {
        if !x.is_finite() {
            "-".to_string()
        } else if d.unit.is_empty() {
            percent(x)
        } else if d.unit == "people" {
            format!("{x:.1}")
        } else {
            grouped(x.round())
        }
    };
    for (i, d) in INDICATORS.iter().enumerate() {
        let b = base.indicators[i];
        let mut row = vec![
            lang.tr(d.label).to_string(),
            lang.tr(d.basis.key()).to_string(),
            show(d, b),
        ];
        for v in &others {
            let x = v.indicators[i];
            let change = if d.unit.is_empty() {
                format!("{:+.0} {}", 100.0 * (x - b), lang.tr("pt"))
            } else if b.abs() > 1e-9 && b.is_finite() {
                format!("{:+.0}%", 100.0 * (x / b - 1.0))
            } else {
                String::new()
            };
            row.push(if x.is_finite() && b.is_finite() && !change.is_empty() {
                format!("{} ({change})", show(d, x))
            } else {
                show(d, x)
            });
        }
        row.push(lang.tr(if d.unit.is_empty() { "share" } else { d.unit }).to_string());
        t.row(row);
    }
    doc.table(t);
}

/// The tornado tables: what moves each variant's NPV, one input at a time.
pub fn tornado_table(tornados: &[crate::tornado::Tornado], lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    for tornado in tornados {
        doc.heading(
            lang.fmt("Sensitivity of \"{0}\"", [&tornado.variant]),
            lang.fmt(
                "each uncertain input at its 10th and 90th percentile, the others at base; NPV at base {0}",
                [&rmb_text(tornado.base_npv, lang)],
            ),
        );
        let mut t = Table::new()
            .text(lang.tr("input"))
            .number(lang.tr("low / base / high"))
            .optional(1)
            .number(lang.tr("NPV low"))
            .number(lang.tr("NPV high"))
            .number(lang.tr("swing"))
            .number(lang.tr("payback"));
        let y = |x: Option<f64>| x.map_or(lang.tr("never").to_string(), |x| format!("{x:.1}"));
        for b in &tornado.bars {
            t.row(vec![
                b.label.clone(),
                format!("{} / {} / {}", number(b.low), number(b.base), number(b.high)),
                rmb(b.npv.0, lang),
                rmb(b.npv.1, lang),
                rmb(b.swing(), lang),
                format!("{}-{}", y(b.payback.0), y(b.payback.1)),
            ]);
        }
        doc.table(t);
    }
    doc
}

/// A variant's payback as a table shows it: "-" for one that invests
/// nothing (there is nothing to pay back, whatever its benefit).
pub(crate) fn payback_of(f: &crate::economics::Finance, lang: Lang) -> String {
    if f.investment_rmb <= 0.0 {
        lang.tr("no investment").to_string()
    } else {
        payback(&f.payback_years, lang)
    }
}

/// "3.2 (2.9-3.6)", "never", "4.1 (3.0-never)".
pub(crate) fn payback(p: &crate::economics::Payback, lang: Lang) -> String {
    let y = |x: Option<f64>| x.map_or(lang.tr("never").to_string(), |x| format!("{x:.1}"));
    match p.estimate {
        None if p.low.is_none() => lang.tr("never").into(),
        _ => format!("{} ({}-{})", y(p.estimate), y(p.low), y(p.high)),
    }
}

fn warnings(doc: &mut Doc, a: &Analysis) {
    for w in &a.warnings {
        doc.text(doc.lang.message(&format!("note: {w}")));
    }
}

/// The result of `zhizao run`: line KPIs and station states of each variant run.
pub fn run_table(a: &Analysis, lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    header(&mut doc, a, lang);
    for v in &a.variants {
        doc.text(if v.description.is_empty() {
            lang.fmt("Variant: {0}", [&variant_name(v, lang)])
        } else {
            lang.fmt("Variant: {0} ({1})", [&variant_name(v, lang), &v.description])
        });
        // A KPI with nothing to measure (vehicles on a line without any,
        // operators on a line without people) is left out.
        let mut t = Table::new().indent(2).text(lang.tr("KPI")).text(lang.tr("value"));
        for (d, s) in LINE_KPIS.iter().zip(&v.kpis).filter(|(_, s)| !s.mean.is_nan()) {
            t.row(vec![label(d, lang), show_summary(d, s)]);
        }
        t.row(vec![lang.tr("Bottleneck").into(), bottleneck_sentence(v, lang)]);
        doc.table(t);
        station_table(&mut doc, v, lang);
        loss_table(&mut doc, v, lang);
        if !v.pools.is_empty() {
            doc.heading(
                lang.tr("Operators"),
                lang.tr("per shift; utilisation = time at a task / time on shift"),
            );
            let mut t = Table::new()
                .indent(2)
                .text(lang.tr("pool"))
                .number(lang.tr("people"))
                .number(lang.tr("utilisation"));
            for p in &v.pools {
                let u = &p.utilisation;
                let shown = if u.n == 0 {
                    "-".to_string()
                } else {
                    format!("{:.1}%", 100.0 * u.mean)
                };
                t.row(vec![
                    lang.name(&p.name, p.label.as_deref()).replace('_', " "),
                    p.headcount.to_string(),
                    shown,
                ]);
            }
            doc.table(t);
        }
        doc.blank();
    }
    warnings(&mut doc, a);
    doc
}

/// The headline KPIs of a comparison, in this order, with short column
/// titles, and the order they are left out in on a narrow terminal (0:
/// never).
const HEADLINE: [(usize, &str, u8); 6] = [
    (kpi::THROUGHPUT, "output/h", 0),
    (kpi::LABOUR_PRODUCTIVITY, "per operator-h", 0),
    (kpi::FLOW_TIME, "lead time h", 3),
    (kpi::WIP, "WIP", 4),
    (kpi::OEE, "OEE", 2),
    (kpi::HEADCOUNT, "head count", 0),
];

/// The result of `zhizao compare`: a headline table (one row per variant),
/// then for each variant every KPI against the baseline with the paired
/// 95% interval of the change and a verdict.
pub fn comparison_table(a: &Analysis, lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    header(&mut doc, a, lang);
    headline_table(&mut doc, a, lang);
    finance_table(&mut doc, a, lang, true);
    indicators_table(&mut doc, a, lang);
    change_tables(&mut doc, a, lang);
    warnings(&mut doc, a);
    doc
}

/// The comparison in the order of a 诊断 (diagnosis) report, as a Chinese
/// owner and the award applications read one: the line as it is (现状),
/// its problems (问题), the variants (方案), the investment (投资), the
/// benefits (效益) and the risks (风险). The same numbers as
/// [`comparison_table`], in another order.
pub fn diagnosis_table(a: &Analysis, lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    header(&mut doc, a, lang);
    let Some(base) = a.variants.iter().find(|v| v.vs_baseline.is_none()) else {
        return comparison_table(a, lang);
    };
    doc.section(lang.tr("1. The line as it is"));
    let mut t = Table::new().indent(2).text(lang.tr("KPI")).text(lang.tr("value"));
    for (d, s) in LINE_KPIS.iter().zip(&base.kpis).filter(|(_, s)| !s.mean.is_nan()) {
        t.row(vec![label(d, lang), show_summary(d, s)]);
    }
    doc.table(t);
    station_table(&mut doc, base, lang);
    doc.section(lang.tr("2. Problems"));
    doc.text(lang.fmt("Bottleneck: {0}", [&bottleneck_sentence(base, lang)]));
    loss_table(&mut doc, base, lang);
    doc.section(lang.tr("3. Options"));
    for v in a.variants.iter().filter(|v| v.vs_baseline.is_some()) {
        doc.text(format!("{}: {}", variant_name(v, lang), v.description));
    }
    doc.blank();
    headline_table(&mut doc, a, lang);
    if let Some(e) = &a.economics {
        doc.section(lang.tr("4. Investment"));
        finance_table(&mut doc, a, lang, false);
        doc.section(lang.tr("5. Benefits"));
        change_tables(&mut doc, a, lang);
        indicators_table(&mut doc, a, lang);
        doc.section(lang.tr("6. Risks"));
        risk_table(&mut doc, a, e, lang);
    } else {
        doc.section(lang.tr("5. Benefits"));
        change_tables(&mut doc, a, lang);
        indicators_table(&mut doc, a, lang);
    }
    warnings(&mut doc, a);
    doc
}

/// One row per variant: the headline KPIs with their changes, capital and bottleneck.
fn headline_table(doc: &mut Doc, a: &Analysis, lang: Lang) {
    let mut t = Table::new().text(lang.tr("variant"));
    for (_, title, rank) in HEADLINE {
        t = t.number(lang.tr(title)).optional(rank);
    }
    t = t
        .number(lang.tr("capital [RMB]"))
        .optional(1)
        .text(lang.tr("bottleneck"))
        .optional(5);
    for v in &a.variants {
        let mut row = vec![variant_name(v, lang)];
        for (k, _, _) in HEADLINE {
            let d = &LINE_KPIS[k];
            let value = kpi_value(d, v.kpis[k].mean);
            row.push(match &v.vs_baseline {
                Some(diffs) if diffs[k].relative_pct.is_finite() => {
                    let mark = match line_verdict(v, k) {
                        "better" => "+",
                        "worse" => "-",
                        "changed" => "*",
                        _ => "=",
                    };
                    format!("{value} ({}){mark}", signed_percent(diffs[k].relative_pct))
                }
                _ => value,
            });
        }
        row.push(rmb(v.capital_cost_rmb, lang));
        row.push(
            v.bottleneck()
                .map(|(s, m)| format!("{} {}", station_name(s, lang), percent(m)))
                .unwrap_or_else(|| "-".into()),
        );
        t.row(row);
    }
    doc.table(t);
    doc.note(lang.tr(
        "(+ better, - worse, = no significant difference at 95%, * changed (OEE: taken at another bottleneck than the baseline's); bottleneck = station most often the momentary bottleneck, share of the time; OEE is taken there)",
    ));
}

/// For each retrofit variant, every KPI against the baseline with the paired
/// 95% interval of the change and a verdict.
fn change_tables(doc: &mut Doc, a: &Analysis, lang: Lang) {
    for v in &a.variants {
        let Some(diffs) = &v.vs_baseline else { continue };
        let base = a
            .variants
            .iter()
            .find(|b| b.vs_baseline.is_none())
            .expect("a baseline is present");
        doc.heading(
            lang.fmt("{0} vs {1}", [&variant_name(v, lang), &variant_name(base, lang)]),
            variant_detail(v, lang),
        );
        let mut t = Table::new()
            .indent(2)
            .text(lang.tr("KPI"))
            .number(variant_name(base, lang))
            .optional(1)
            .number(variant_name(v, lang))
            .number(lang.tr("change (95% CI)"))
            .text(lang.tr("verdict"));
        for (k, d) in LINE_KPIS.iter().enumerate() {
            if base.kpis[k].mean.is_nan() && v.kpis[k].mean.is_nan() {
                continue;
            }
            let x = &diffs[k];
            let change = match x.diff_half_width {
                Some(h) if x.relative_pct.is_finite() => {
                    format!(
                        "{} ± {} ({})",
                        signed(d, x.diff_mean, lang),
                        show_hw(d, h),
                        signed_percent(x.relative_pct)
                    )
                }
                Some(h) => format!("{} ± {}", signed(d, x.diff_mean, lang), show_hw(d, h)),
                None => "-".into(),
            };
            t.row(vec![
                label(d, lang),
                show_summary(d, &base.kpis[k]),
                show_summary(d, &v.kpis[k]),
                change,
                lang.tr(line_verdict(v, k)).to_string(),
            ]);
        }
        doc.table(t);
    }
}

/// The result of `zhizao sweep`: one row per point (the baseline first, as
/// the reference), the swept values, headline KPIs and the change of the
/// chart's KPI against the baseline.
pub fn sweep_table(a: &Analysis, params: &[String], labels: &[Vec<String>], kpi: usize, lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    header(&mut doc, a, lang);
    let d = &LINE_KPIS[kpi];
    let mut t = Table::new();
    for p in params {
        t = t.text(p.clone());
    }
    for (k, title, rank) in HEADLINE {
        // The swept KPI is never left out.
        t = t
            .number(lang.tr(title))
            .optional(if k == kpi { 0 } else { rank.max(1) });
    }
    // The swept KPI by its column's title when it has one, else by its label.
    let title = HEADLINE
        .iter()
        .find(|(k, _, _)| *k == kpi)
        .map_or_else(|| label(d, lang), |(_, title, _)| lang.tr(title).to_string());
    t = t.text(lang.fmt("{0} vs baseline", [&title]));
    let offset = a.variants.len() - labels.len();
    for (i, v) in a.variants.iter().enumerate() {
        let mut row = if i < offset {
            let mut r = vec![lang.fmt("{0} (reference)", [&variant_name(v, lang)])];
            r.resize(params.len(), String::new());
            r
        } else {
            labels[i - offset].clone()
        };
        for (k, _, _) in HEADLINE {
            row.push(show_summary(&LINE_KPIS[k], &v.kpis[k]));
        }
        row.push(match &v.vs_baseline {
            Some(diffs) => {
                let x = &diffs[kpi];
                match x.diff_half_width {
                    Some(h) => format!(
                        "{} ± {} {}",
                        signed(d, x.diff_mean, lang),
                        show_hw(d, h),
                        lang.tr(line_verdict(v, kpi))
                    ),
                    None => signed(d, x.diff_mean, lang),
                }
            }
            None => String::new(),
        });
        t.row(row);
    }
    doc.table(t);
    finance_table(&mut doc, a, lang, true);
    warnings(&mut doc, a);
    doc
}

fn signed(d: &KpiDef, x: f64, lang: Lang) -> String {
    let s = if is_fraction(d) {
        points(x.abs())
    } else {
        number(x.abs())
    };
    // Percentage points: "pt", 百分点.
    let unit = if is_fraction(d) {
        format!(" {}", lang.tr("pt"))
    } else {
        String::new()
    };
    if !s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        // Rounds to zero: no sign.
        format!("{s}{unit}")
    } else if x < 0.0 {
        format!("-{s}{unit}")
    } else {
        format!("+{s}{unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(number(123_456.7), "123,457");
        assert_eq!(number(-12_345.0), "-12,345");
        assert_eq!(number(41.234), "41.23");
        assert_eq!(number(0.1234), "0.123");
        assert_eq!(number(f64::NAN), "-");
        assert_eq!(grouped(850_000.0), "850,000");
    }

    #[test]
    fn no_negative_zeros_and_whole_head_counts() {
        use crate::format::{fixed, signed_percent};
        assert_eq!(number(-0.0001), "0.000");
        assert_eq!(fixed(-0.0004, 3), "0.000");
        assert_eq!(percent(-0.00001), "0.0%");
        assert_eq!(grouped(-0.4), "0");
        assert_eq!(signed_percent(-0.01), "0.0%");
        assert_eq!(signed_percent(9.04), "+9.0%");
        assert_eq!(signed_percent(-14.29), "-14.3%");
        let oee = &LINE_KPIS[kpi::OEE];
        assert_eq!(signed(oee, -1e-17, Lang::En), "0.000 pt");
        assert_eq!(signed(oee, 0.0123, Lang::En), "+1.2 pt");
        assert_eq!(signed(oee, -0.0004, Lang::En), "-0.040 pt");
        let heads = &LINE_KPIS[kpi::HEADCOUNT];
        assert_eq!(kpi_value(heads, 14.0), "14");
        assert_eq!(kpi_value(heads, 13.5), "13.50");
        assert_eq!(kpi_value(oee, 0.8333), "83.3%");
    }
}

//! The answer first, as an owner asks it: which variant, how much more
//! output, how many people, what it costs after the subsidy, when it pays
//! back, and how sure that is. The report page opens with it.

use super::doc::{Doc, Table};
use super::table::{payback, payback_of, rmb, rmb_summary_text, rmb_text, station_name, variant_detail, variant_name};
use crate::experiment::{Analysis, VariantAnalysis};
use crate::format::{kpi_value, percent, signed_percent};
use crate::kpi::{self, LINE_KPIS};
use crate::lang::Lang;

/// The variant the numbers favour: the highest expected NPV when the
/// scenario has money, else the largest significant gain in good output.
pub fn best(a: &Analysis) -> Option<&VariantAnalysis> {
    let retrofits = || a.variants.iter().filter(|v| v.vs_baseline.is_some());
    let by_npv = retrofits()
        .filter_map(|v| v.finance.as_ref().map(|f| (v, f.npv_rmb.mean)))
        .filter(|(_, npv)| npv.is_finite())
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(v, _)| v);
    by_npv.or_else(|| {
        retrofits()
            .filter_map(|v| v.vs_baseline.as_ref().map(|d| (v, d[kpi::THROUGHPUT].diff_mean)))
            .filter(|(_, d)| d.is_finite())
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .map(|(v, _)| v)
    })
}

/// A few sentences on the best variant, then every variant in one table.
pub fn answer(a: &Analysis, lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    let Some(base) = a.variants.iter().find(|v| v.vs_baseline.is_none()) else {
        return doc;
    };
    let Some(v) = best(a) else {
        doc.text(lang.tr("There is no retrofit variant to compare with the line as it is."));
        return doc;
    };
    let diffs = v.vs_baseline.as_ref().expect("a retrofit variant");
    let npv = v.finance.as_ref().map(|f| f.npv_rmb.mean);
    let described = describe(v, lang);
    doc.text(lang.fmt(
        match npv {
            Some(n) if n < 0.0 => "No variant is expected to earn back its cost; the least costly is {0}{1}.",
            Some(_) => "The best variant by expected net present value: {0}{1}.",
            None => "The variant with the most good output: {0}{1}.",
        },
        [&variant_name(v, lang), &described],
    ));
    let t = kpi::THROUGHPUT;
    let d = &LINE_KPIS[t];
    doc.text(lang.fmt(
        if diffs[t].significant {
            "Output: {0} ({1} -> {2} good units an hour), a real change at 95%."
        } else {
            "Output: {0} ({1} -> {2} good units an hour), not distinguishable from the line as it is at 95%."
        },
        [
            &signed_percent(diffs[t].relative_pct),
            &kpi_value(d, base.kpis[t].mean),
            &kpi_value(d, v.kpis[t].mean),
        ],
    ));
    let (h, p) = (kpi::HEADCOUNT, kpi::LABOUR_PRODUCTIVITY);
    let heads = &LINE_KPIS[h];
    let freed = base.kpis[h].mean - v.kpis[h].mean;
    doc.text(lang.fmt(
        if freed > 0.0 {
            "People: {0} fewer per shift ({1} -> {2}); output per operator-hour {3}."
        } else if freed < 0.0 {
            "People: {0} more per shift ({1} -> {2}); output per operator-hour {3}."
        } else {
            "People: as many per shift ({1} -> {2}); output per operator-hour {3}."
        },
        [
            &kpi_value(heads, freed.abs()),
            &kpi_value(heads, base.kpis[h].mean),
            &kpi_value(heads, v.kpis[h].mean),
            &signed_percent(diffs[p].relative_pct),
        ],
    ));
    if let (Some(f), Some(e)) = (&v.finance, &a.economics) {
        doc.text(lang.fmt(
            "Cost: {0} invested; {1} after the expected subsidy of {2}.",
            [
                &rmb_text(f.investment_rmb, lang),
                &rmb_text(f.net_investment_rmb, lang),
                &rmb_text(f.subsidy_rmb, lang),
            ],
        ));
        let npv = rmb_summary_text(&f.npv_rmb, lang);
        doc.text(lang.fmt(
            "Pays back in {0} years (95% range in brackets); net present value {1} over {2} years at {3}%.",
            [
                &payback(&f.payback_years, lang),
                &npv,
                &e.horizon_years,
                &format!("{:.1}", 100.0 * e.discount_rate),
            ],
        ));
        if a.settings.replications >= 2 {
            doc.text(lang.fmt(
                "How sure: the net present value is below zero in {0} of the {1} replications (with the uncertain inputs drawn in each); it pays back within {2} years in {3}.",
                [
                    &percent(f.risk.probability_npv_negative),
                    &a.settings.replications,
                    &f.risk.within_years,
                    &percent(f.risk.probability_payback_within),
                ],
            ));
        }
    }
    if let Some((st, share)) = v.bottleneck() {
        doc.text(lang.fmt(
            "After it the bottleneck is {0} ({1} of the time): the next place to look.",
            [&station_name(st, lang), &percent(share)],
        ));
    }
    doc.table(overview(a, base, lang));
    doc
}

fn describe(v: &VariantAnalysis, lang: Lang) -> String {
    let d = variant_detail(v, lang);
    match (d.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(" ({d})"),
        (false, Lang::Zh) => format!("（{d}）"),
    }
}

/// Every retrofit variant's headline change and money in one row.
fn overview(a: &Analysis, base: &VariantAnalysis, lang: Lang) -> Table {
    let money_shown = a.variants.iter().any(|v| v.finance.is_some());
    let mut t = Table::new()
        .text(lang.tr("variant"))
        .number(lang.tr("output"))
        .number(lang.tr("per operator-h"))
        .number(lang.tr("people per shift"));
    if money_shown {
        t = t
            .number(lang.tr("net investment [RMB]"))
            .number(lang.tr("payback years"))
            .number(lang.tr("NPV [RMB]"))
            .number(lang.tr("NPV < 0"));
    }
    let h = kpi::HEADCOUNT;
    for v in a.variants.iter().filter(|v| v.vs_baseline.is_some()) {
        let d = v.vs_baseline.as_ref().expect("a retrofit variant");
        let mut row = vec![
            variant_name(v, lang),
            signed_percent(d[kpi::THROUGHPUT].relative_pct),
            signed_percent(d[kpi::LABOUR_PRODUCTIVITY].relative_pct),
            format!(
                "{} -> {}",
                kpi_value(&LINE_KPIS[h], base.kpis[h].mean),
                kpi_value(&LINE_KPIS[h], v.kpis[h].mean)
            ),
        ];
        if money_shown {
            match &v.finance {
                Some(f) => row.extend([
                    rmb(f.net_investment_rmb, lang),
                    payback_of(f, lang),
                    rmb(f.npv_rmb.mean, lang),
                    if a.settings.replications >= 2 {
                        percent(f.risk.probability_npv_negative)
                    } else {
                        "-".into()
                    },
                ]),
                None => row.extend(std::iter::repeat_n("-".to_string(), 4)),
            }
        }
        t.row(row);
    }
    t
}

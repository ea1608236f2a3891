//! The answer first, as an owner asks it: which variant, how much more
//! output, how many people, what it costs after the subsidy, when it pays
//! back, and how sure that is. The report page opens with it.

use super::doc::{Doc, Table};
use super::table::{money, payback};
use crate::experiment::{Analysis, VariantAnalysis};
use crate::format::{grouped, kpi_value, percent, signed_percent};
use crate::kpi::{self, LINE_KPIS};

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
pub fn answer(a: &Analysis) -> Doc {
    let mut doc = Doc::new();
    let Some(base) = a.variants.iter().find(|v| v.vs_baseline.is_none()) else {
        return doc;
    };
    let Some(v) = best(a) else {
        doc.text("There is no retrofit variant to compare with the line as it is.");
        return doc;
    };
    let diffs = v.vs_baseline.as_ref().expect("a retrofit variant");
    let npv = v.finance.as_ref().map(|f| f.npv_rmb.mean);
    doc.text(match npv {
        Some(n) if n < 0.0 => format!(
            "No variant is expected to earn back its cost; the least costly is {}{}.",
            v.name,
            describe(v)
        ),
        Some(_) => format!(
            "The best variant by expected net present value: {}{}.",
            v.name,
            describe(v)
        ),
        None => format!("The variant with the most good output: {}{}.", v.name, describe(v)),
    });
    let t = kpi::THROUGHPUT;
    let d = &LINE_KPIS[t];
    doc.text(format!(
        "Output: {} ({} -> {} good units an hour), {}.",
        signed_percent(diffs[t].relative_pct),
        kpi_value(d, base.kpis[t].mean),
        kpi_value(d, v.kpis[t].mean),
        if diffs[t].significant {
            "a real change at 95%"
        } else {
            "not distinguishable from the line as it is at 95%"
        }
    ));
    let (h, p) = (kpi::HEADCOUNT, kpi::LABOUR_PRODUCTIVITY);
    let freed = base.kpis[h].mean - v.kpis[h].mean;
    doc.text(format!(
        "People: {} per shift ({} -> {}); output per operator-hour {}.",
        if freed > 0.0 {
            format!("{} fewer", kpi_value(&LINE_KPIS[h], freed))
        } else if freed < 0.0 {
            format!("{} more", kpi_value(&LINE_KPIS[h], -freed))
        } else {
            "as many".to_string()
        },
        kpi_value(&LINE_KPIS[h], base.kpis[h].mean),
        kpi_value(&LINE_KPIS[h], v.kpis[h].mean),
        signed_percent(diffs[p].relative_pct)
    ));
    if let (Some(f), Some(e)) = (&v.finance, &a.economics) {
        doc.text(format!(
            "Cost: {} RMB invested; {} RMB after the expected subsidy of {} RMB.",
            grouped(f.investment_rmb),
            grouped(f.net_investment_rmb),
            grouped(f.subsidy_rmb)
        ));
        doc.text(format!(
            "Pays back in {} years (95% range in brackets); net present value {} RMB over {} years at {:.1}%.",
            payback(&f.payback_years),
            money(&f.npv_rmb),
            e.horizon_years,
            100.0 * e.discount_rate
        ));
        if a.settings.replications >= 2 {
            doc.text(format!(
                "How sure: the net present value is below zero in {} of the {} replications (with the uncertain inputs drawn in each); it pays back within {} years in {}.",
                percent(f.risk.probability_npv_negative),
                a.settings.replications,
                f.risk.within_years,
                percent(f.risk.probability_payback_within)
            ));
        }
    }
    if let Some((st, share)) = v.bottleneck() {
        doc.text(format!(
            "After it the bottleneck is {} ({} of the time): the next place to look.",
            st.name,
            percent(share)
        ));
    }
    doc.table(overview(a, base));
    doc
}

fn describe(v: &VariantAnalysis) -> String {
    if v.description.is_empty() {
        String::new()
    } else {
        format!(" ({})", v.description)
    }
}

/// Every retrofit variant's headline change and money in one row.
fn overview(a: &Analysis, base: &VariantAnalysis) -> Table {
    let money_shown = a.variants.iter().any(|v| v.finance.is_some());
    let mut t = Table::new()
        .text("variant")
        .number("output")
        .number("per operator-h")
        .number("people per shift");
    if money_shown {
        t = t
            .number("net investment [RMB]")
            .number("payback years")
            .number("NPV [RMB]")
            .number("NPV < 0");
    }
    let h = kpi::HEADCOUNT;
    for v in a.variants.iter().filter(|v| v.vs_baseline.is_some()) {
        let d = v.vs_baseline.as_ref().expect("a retrofit variant");
        let mut row = vec![
            v.name.clone(),
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
                    grouped(f.net_investment_rmb),
                    payback(&f.payback_years),
                    grouped(f.npv_rmb.mean),
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

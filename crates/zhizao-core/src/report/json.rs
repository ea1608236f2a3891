//! The JSON contract (see README, "JSON output"). Keys and their order are
//! stable; undefined numbers are `null`.

use serde_json::{Map, Value, json};

use super::line_verdict;
use crate::economics::{FIGURES, PAYBACKS, RISKS};
use crate::experiment::Analysis;
use crate::indicators::INDICATORS;
use crate::kpi::{KpiDef, LINE_KPIS, STATION_KPIS};
use crate::stats::Summary;
use crate::time::ticks_to_hours;

fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn opt(x: Option<f64>) -> Value {
    x.map_or(Value::Null, num)
}

fn summaries(defs: &[KpiDef], values: &[Summary]) -> Value {
    let mut m = Map::new();
    for (d, s) in defs.iter().zip(values) {
        m.insert(
            d.key.into(),
            json!({ "mean": num(s.mean), "half_width": opt(s.half_width), "n": s.n }),
        );
    }
    Value::Object(m)
}

/// The analysis as a JSON value.
pub fn to_json(a: &Analysis) -> Value {
    let variants: Vec<Value> = a
        .variants
        .iter()
        .map(|v| {
            let mut o = Map::new();
            o.insert("name".into(), json!(v.name));
            o.insert("description".into(), json!(v.description));
            o.insert("capital_cost_rmb".into(), num(v.capital_cost_rmb));
            o.insert("suggested_warmup_hours".into(), opt(v.suggested_warmup_hours));
            o.insert("kpis".into(), summaries(LINE_KPIS, &v.kpis));
            o.insert(
                "stations".into(),
                Value::Array(
                    v.stations
                        .iter()
                        .map(|s| {
                            json!({
                                "name": s.name,
                                "kind": s.kind,
                                "servers": s.servers,
                                "kpis": summaries(STATION_KPIS, &s.kpis),
                            })
                        })
                        .collect(),
                ),
            );
            o.insert(
                "operators".into(),
                Value::Array(
                    v.pools
                        .iter()
                        .map(|p| {
                            json!({
                                "name": p.name,
                                "headcount": p.headcount,
                                "utilisation": { "mean": num(p.utilisation.mean), "half_width": opt(p.utilisation.half_width), "n": p.utilisation.n },
                            })
                        })
                        .collect(),
                ),
            );
            o.insert(
                "bottleneck".into(),
                v.bottleneck()
                    .map_or(Value::Null, |(st, share)| json!({ "station": st.name, "share": num(share) })),
            );
            o.insert(
                "demand_limited".into(),
                json!(v.demand_limited().is_some()),
            );
            o.insert(
                "oee_station".into(),
                v.oee_reference().map_or(Value::Null, |(st, n)| {
                    json!({ "station": st.name, "replications": n })
                }),
            );
            o.insert(
                "investments".into(),
                Value::Array(
                    v.investments
                        .iter()
                        .map(|i| {
                            json!({
                                "item": i.item,
                                "category": format!("{:?}", i.category),
                                "cost_rmb": num(i.cost_rmb),
                                "install_days": num(i.install_days),
                                "uncertain": i.uncertain.as_ref().map(|u| u.dist.describe()),
                            })
                        })
                        .collect(),
                ),
            );
            if let Some(f) = &v.finance {
                let mut m = Map::new();
                for ((key, _), s) in FIGURES.iter().zip(f.figures()) {
                    m.insert(
                        (*key).into(),
                        json!({ "mean": num(s.mean), "half_width": opt(s.half_width), "n": s.n }),
                    );
                }
                for ((key, _), p) in PAYBACKS.iter().zip(f.paybacks()) {
                    m.insert(
                        (*key).into(),
                        json!({ "estimate": opt(p.estimate), "low": opt(p.low), "high": opt(p.high) }),
                    );
                }
                if let Some(b1) = &f.first_year_benefit_rmb {
                    m.insert(
                        "first_year_benefit_rmb".into(),
                        json!({ "mean": num(b1.mean), "half_width": opt(b1.half_width), "n": b1.n }),
                    );
                }
                m.insert("subsidy_if_granted_rmb".into(), num(f.subsidy_if_granted_rmb));
                m.insert("subsidy_probability".into(), json!(f.subsidy_probability));
                m.insert("subsidy_delay_years".into(), json!(f.subsidy_delay_years));
                let mut risk = Map::new();
                for ((key, _), x) in RISKS.iter().zip(f.risk.figures()) {
                    risk.insert((*key).into(), num(x));
                }
                risk.insert("npv_mean_rmb".into(), num(f.risk.npv.mean));
                risk.insert("within_years".into(), num(f.risk.within_years));
                risk.insert("inputs".into(), json!(f.risk.inputs));
                m.insert("risk".into(), Value::Object(risk));
                m.insert(
                    "people".into(),
                    json!({
                        "severance_rmb": num(f.people.severance_rmb),
                        "retraining_rmb": num(f.people.retraining_rmb),
                        "redeployment_rmb": num(f.people.redeployment_rmb),
                        "technicians": num(f.people.technicians),
                        "technician_cost_per_year_rmb": num(f.people.technician_cost_per_year_rmb),
                        "redeployed": num(f.people.redeployed),
                    }),
                );
                let fl = &f.flows;
                let yearly = |v: &Vec<f64>| Value::Array(v.iter().map(|x| num(*x)).collect());
                m.insert(
                    "cash_flows_rmb".into(),
                    json!({
                        "capital": yearly(&fl.capital),
                        "vat": yearly(&fl.vat),
                        "downtime": yearly(&fl.downtime),
                        "people": yearly(&fl.people),
                        "operating": yearly(&fl.operating),
                        "subsidy": yearly(&fl.subsidy),
                        "loan": yearly(&fl.loan),
                        "interest_subsidy": yearly(&fl.interest_subsidy),
                        "residual": yearly(&fl.residual),
                        "tax": yearly(&fl.tax),
                        "net": yearly(&fl.net),
                    }),
                );
                o.insert("finance".into(), Value::Object(m));
            }
            let mut ind = Map::new();
            for (d, x) in INDICATORS.iter().zip(&v.indicators) {
                ind.insert(d.key.into(), json!({ "value": num(*x), "basis": d.basis.key() }));
            }
            o.insert("indicators".into(), Value::Object(ind));
            if let Some(diffs) = &v.vs_baseline {
                let mut m = Map::new();
                for (k, (d, x)) in LINE_KPIS.iter().zip(diffs).enumerate() {
                    m.insert(
                        d.key.into(),
                        json!({
                            "diff_mean": num(x.diff_mean),
                            "diff_half_width": opt(x.diff_half_width),
                            "relative_pct": num(x.relative_pct),
                            "relative_half_width_pct": opt(x.relative_half_width_pct),
                            "significant": x.significant,
                            "verdict": line_verdict(v, k),
                            "n": x.n,
                        }),
                    );
                }
                o.insert("vs_baseline".into(), Value::Object(m));
            }
            Value::Object(o)
        })
        .collect();
    json!({
        "scenario": a.scenario,
        "seed": a.settings.seed,
        "replications": a.settings.replications,
        "warmup_hours": ticks_to_hours(a.settings.warmup),
        "run_hours": ticks_to_hours(a.settings.run),
        "interrupted_of": a.interrupted_of,
        "warnings": a.warnings,
        "economics": a.economics.as_ref().map(|e| json!({
            "value_per_good_unit_rmb": e.value_per_good_unit_rmb,
            "operator_cost_per_hour_rmb": e.operator_cost_per_hour_rmb,
            "robot_cost_per_operating_hour_rmb": e.robot_cost_per_operating_hour_rmb,
            "discount_rate": e.discount_rate,
            "horizon_years": e.horizon_years,
            "subsidy": e.subsidy.as_ref().map(|s| json!({
                "name": s.name,
                "rate": s.rate,
                "cap_rmb": s.cap_rmb,
                "eligible": s.eligible.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>(),
                "min_investment_rmb": s.min_investment_rmb,
                "award_probability": s.probability,
                "delay_years": s.delay_years,
            })),
            "wage_growth": e.wage_growth,
            "capital_overrun": e.capital_overrun,
            "residual_value_share": e.residual_value_share,
            "tax": e.tax.as_ref().map(|t| json!({
                "rate": t.rate,
                "one_off_cap_rmb": t.one_off_cap_rmb,
                "depreciation_years": t.depreciation_years,
                "subsidy_taxable": t.subsidy_taxable,
            })),
            "vat": e.vat.as_ref().map(|v| json!({ "rate": v.rate, "deductible": v.deductible })),
            "loan": e.loan.as_ref().map(|l| json!({
                "amount_rmb": l.amount_rmb,
                "rate": l.rate,
                "term_years": l.term_years,
                "interest_subsidy_rate": l.interest_subsidy_rate,
                "payment_rmb": l.payment(),
            })),
            "payback_within_years": e.payback_within_years,
            "uncertain_inputs": e.inputs.iter().map(|(i, _)| json!({
                "key": i.key,
                "label": i.label,
                "distribution": i.dist.describe(),
                "base": i.dist.base(),
                "low": i.dist.low(),
                "high": i.dist.high(),
            })).collect::<Vec<_>>(),
        })),
        "inputs": match a.settings.inputs {
            crate::uncertain::Inputs::Sampled => "sampled",
            crate::uncertain::Inputs::Base => "base",
            crate::uncertain::Inputs::One { .. } => "one at a time",
        },
        "variants": variants,
    })
}

/// Tornados as JSON: per variant the NPV at base and each input's bar.
pub fn tornado_json(tornados: &[crate::tornado::Tornado]) -> Value {
    Value::Array(
        tornados
            .iter()
            .map(|t| {
                json!({
                    "variant": t.variant,
                    "base_npv_rmb": num(t.base_npv),
                    "base_payback_years": opt(t.base_payback),
                    "bars": t.bars.iter().map(|b| json!({
                        "key": b.key,
                        "label": b.label,
                        "low": num(b.low),
                        "base": num(b.base),
                        "high": num(b.high),
                        "npv_low_rmb": num(b.npv.0),
                        "npv_high_rmb": num(b.npv.1),
                        "swing_rmb": num(b.swing()),
                        "payback_low_years": opt(b.payback.0),
                        "payback_high_years": opt(b.payback.1),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

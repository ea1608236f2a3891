//! Time, demand and energy: dated calendars, planned maintenance, order
//! books, ramp-up and power, each against an answer derived by hand or from
//! theory. Each test fails when the feature is modelled wrongly: a holiday
//! that does not stop the line, a maintenance stop booked as a breakdown or
//! counted against availability, a tariff period priced at the wrong rate.

use crate::common::*;
use zhizao_core::kpi::*;
use zhizao_core::sim::State;

/// A machine making one part a minute on the plant calendar (two shifts,
/// six days, a 30 min break: 15.5 h a working day) for 52 weeks from
/// Monday 2027-01-04, with `extra` in the scenario and `cal` in the calendar.
fn dated_line(extra: &str, cal: &str) -> Baseline {
    baseline(&format!(
        r#"Scenario(
            name: "dated",
            experiment: (warmup: "0s", run: "52w", replications: 1, seed: 1),
            start_date: "2027-01-04",
            {extra}
            calendars: [(name: "two", days: 6, shifts: [("08:00", "16:00"), ("16:00", "24:00")],
                         breaks: [("12:00", "30min")], {cal})],
            plant_calendar: "two",
            products: [(name: "valve", route: ["lathe"])],
            source: Saturated,
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"), buffer: 0)],
        )"#
    ))
}

#[test]
fn a_21_day_spring_festival_shutdown_gives_the_planned_hours_by_hand() {
    // 52 weeks x 6 days = 312 working days; 2027-02-06 (Sat) to 2027-02-26
    // (Fri) is exactly three weeks, 18 of them working days: 294 days of
    // 15.5 h = 4557 h, and one part a minute of it.
    let line = dated_line(
        r#"holidays: [(name: "Spring Festival", from: "2027-02-06", to: "2027-02-26")],"#,
        "",
    );
    let r = line.replicate(0).unwrap();
    close("planned hours", r.stations[0][ST_PLANNED_HOURS], 4557.0);
    close("good output", r.line[GOOD_OUTPUT], 4557.0 * 60.0);
    // Output per planned hour is not diluted by the shutdown.
    close("throughput per planned hour", r.line[THROUGHPUT], 60.0);
    close("busy share of planned time", state(&r, 0, State::Busy), 1.0);
    let off = 1.0 - 4557.0 / (364.0 * 24.0);
    close("off-shift share of all hours", state(&r, 0, State::OffShift), off);
}

#[test]
fn a_holiday_on_a_working_day_removes_that_days_output_and_overtime_adds_its_shift() {
    let plain = dated_line("", "").replicate(0).unwrap();
    // Wednesday 2027-01-06 is a working day: 15.5 h x 60 parts.
    let holiday = dated_line(r#"holidays: [(name: "a holiday", from: "2027-01-06")],"#, "")
        .replicate(0)
        .unwrap();
    close(
        "output lost to the holiday",
        plain.line[GOOD_OUTPUT] - holiday.line[GOOD_OUTPUT],
        15.5 * 60.0,
    );
    // Sunday 2027-01-10, 08:00-16:00 less the 12:00 break: 7.5 h.
    let overtime = dated_line("", r#"overtime: [(date: "2027-01-10", shifts: [("08:00", "16:00")])]"#)
        .replicate(0)
        .unwrap();
    close(
        "output gained on the overtime Sunday",
        overtime.line[GOOD_OUTPUT] - plain.line[GOOD_OUTPUT],
        7.5 * 60.0,
    );
    close("plain planned hours", plain.stations[0][ST_PLANNED_HOURS], 312.0 * 15.5);
}

#[test]
fn the_start_weekday_places_the_week_and_lights_out_cells_stop_on_holidays() {
    // From Saturday 2027-01-02, 7 days: a lights-out robot runs around the
    // clock except on the closed day, Sunday; the plant calendar's
    // machine works Saturday (day 0) and Monday to Friday, not Sunday.
    let line = baseline(
        r#"Scenario(
            name: "weekday",
            experiment: (warmup: "0s", run: "7d", replications: 1, seed: 1),
            start_date: "2027-01-02",
            holidays: [(name: "closed", from: "2027-01-03")],
            calendars: [(name: "day", days: 6, shifts: [("08:00", "16:00")])],
            plant_calendar: "day",
            products: [(name: "p", route: ["cell", "press"])],
            source: Saturated,
            stations: [
                (name: "cell", kind: Robot, robots: 1, time: Const("1min"), buffer: 0, lights_out: true),
                (name: "press", kind: Robot, robots: 0, time: Const("1min"), buffer: unlimited),
            ],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("lights-out planned hours", r.stations[0][ST_PLANNED_HOURS], 6.0 * 24.0);
    close("press planned hours", r.stations[1][ST_PLANNED_HOURS], 6.0 * 8.0);
}

#[test]
fn maintenance_of_y_every_x_operating_hours_leaves_x_over_x_plus_y() {
    // 2 h of maintenance after every 10 h of processing on a saturated
    // machine of 1 min a part: busy 10/12 of the time, maintained 2/12,
    // 50 parts an hour. Maintenance is a planned stop: ISO 22400's
    // availability (run time / planned busy time) stays 1, and the loss
    // breakdown books the 2/12 as planned maintenance, not as breakdowns.
    let line = baseline(
        r#"Scenario(
            name: "pm",
            experiment: (warmup: "0s", run: "1200h", replications: 1, seed: 1),
            products: [(name: "p", route: ["lathe"])],
            source: Saturated,
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"), buffer: 0,
                        maintenance: (every: "10h", time: "2h"))],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("busy share", state(&r, 0, State::Busy), 10.0 / 12.0);
    close("maintenance share", state(&r, 0, State::Maintenance), 2.0 / 12.0);
    close("down share", state(&r, 0, State::Down), 0.0);
    close("throughput", r.line[THROUGHPUT], 50.0);
    close("availability (ISO 22400)", r.stations[0][ST_AVAILABILITY], 1.0);
    close("OEE", r.stations[0][ST_OEE], 1.0);
    let k = StationKpi::LossMaintenance as usize;
    close("maintenance hours", r.stations[0][k], 200.0);
    close(
        "breakdown hours",
        r.stations[0][StationKpi::LossBreakdowns as usize],
        0.0,
    );
}

#[test]
fn maintenance_waits_for_its_crew_and_a_weekly_window_stops_the_station() {
    // The crew works 08:00-16:00 every day; the machine runs around the
    // clock and is due for 1 h of maintenance after every 23 h of
    // processing. Due at 23:00 on day 1, it waits for the crew to 08:00
    // (9 h, booked as maintenance: a planned stop waiting for its
    // technician) and is maintained to 09:00; from then it is due every
    // day at 08:00, when the crew is there.
    let line = baseline(
        r#"Scenario(
            name: "pm crew",
            experiment: (warmup: "0s", run: "240h", replications: 1, seed: 1),
            calendars: [(name: "day", days: 7, shifts: [("08:00", "16:00")])],
            operators: [(name: "maintenance", headcount: 1, calendar: "day")],
            products: [(name: "p", route: ["lathe"])],
            source: Saturated,
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"), buffer: 0,
                        maintenance: (every: "23h", time: "1h", crew: "maintenance"))],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    // Stops at 32 h, 56 h, ..., 224 h: 9 of 1 h, the first after 9 h of
    // waiting; busy the rest of the 240 h.
    let maintained = 9.0 + 9.0;
    close(
        "maintenance share",
        state(&r, 0, State::Maintenance),
        maintained / 240.0,
    );
    close("good output", r.line[GOOD_OUTPUT], (240.0 - maintained) * 60.0);
    close("crew utilisation", r.pools[0], 9.0 / (10.0 * 8.0));

    // A window on Saturday 08:00-10:00 on a robot that runs all week.
    let line = baseline(
        r#"Scenario(
            name: "window",
            experiment: (warmup: "0s", run: "10w", replications: 1, seed: 1),
            products: [(name: "p", route: ["cell"])],
            source: Saturated,
            stations: [(name: "cell", kind: Robot, robots: 1, time: Const("1min"), buffer: 0,
                        maintenance: (windows: [(day: "Sat", start: "08:00", length: "2h")]))],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("window share", state(&r, 0, State::Maintenance), 2.0 / 168.0);
    close("output", r.line[GOOD_OUTPUT], 10.0 * 166.0 * 60.0);
}

/// The example tariff of the energy tests: flat 1 RMB/kWh, peak 08:00-12:00
/// at 2x, valley 22:00-06:00 (past midnight) at 0.5x.
const TARIFF: &str = r#"economics: (value_per_good_unit_rmb: 10, operator_cost_per_hour_rmb: 50,
        discount_rate: 0.08, horizon_years: 5,
        energy: (flat_rmb_per_kwh: 1.0, tariff: "test",
            periods: [(from: "08:00", to: "12:00", band: "peak", factor: 2.0),
                      (from: "22:00", to: "06:00", band: "valley", factor: 0.5)])),"#;

fn price_at_minute(m: u64) -> f64 {
    match (m % 1440) / 60 {
        8..=11 => 2.0,
        22 | 23 | 0..=5 => 0.5,
        _ => 1.0,
    }
}

#[test]
fn energy_by_state_and_tariff_period_is_exact() {
    // A machine of 1 min a part fed one order every 2 min, around the clock
    // for 10 days: busy in [2k, 2k+1) min for k = 1..7199, idle otherwise.
    // 10 kW busy, 2 kW idle; each minute priced at its tariff period.
    let line = baseline(&format!(
        r#"Scenario(
            name: "power",
            experiment: (warmup: "0s", run: "10d", replications: 1, seed: 1),
            products: [(name: "p", route: ["lathe"])],
            source: Orders(interarrival: Const("2min")),
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"),
                        power_kw: (busy: 10, idle: 2, down: 1, off: 0.5))],
            {TARIFF}
        )"#
    ));
    let r = line.replicate(0).unwrap();
    let minutes = 10 * 1440;
    let busy = |m: u64| m >= 2 && m.is_multiple_of(2) && m < minutes - 1;
    let kw = |m: u64| if busy(m) { 10.0 } else { 2.0 };
    let kwh: f64 = (0..minutes).map(|m| kw(m) / 60.0).sum();
    let cost: f64 = (0..minutes).map(|m| kw(m) / 60.0 * price_at_minute(m)).sum();
    close("good output", r.line[GOOD_OUTPUT], 7199.0);
    close("kWh per good unit", r.line[ENERGY_PER_UNIT], kwh / 7199.0);
    close(
        "energy cost a year",
        r.line[ENERGY_COST_YEAR],
        cost * zhizao_core::economics::HOURS_PER_YEAR / 240.0,
    );

    // On a day shift 08:00-16:00 a saturated machine is busy in it and off
    // outside: per day 8 h x 10 kW + 16 h x 0.5 kW = 88 kWh, costing
    // 4 x 10 x 2 + 4 x 10 + 6 x 0.5 + 8 x 0.5 x 0.5 + 2 x 0.5 = 126 RMB.
    let line = baseline(&format!(
        r#"Scenario(
            name: "power shift",
            experiment: (warmup: "1d", run: "10d", replications: 1, seed: 1),
            calendars: [(name: "day", days: 7, shifts: [("08:00", "16:00")])],
            plant_calendar: "day",
            products: [(name: "p", route: ["lathe"])],
            source: Saturated,
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"), buffer: 0,
                        power_kw: (busy: 10, idle: 2, down: 1, off: 0.5))],
            {TARIFF}
        )"#
    ));
    let r = line.replicate(0).unwrap();
    close("kWh per good unit (shift)", r.line[ENERGY_PER_UNIT], 88.0 / 480.0);
    close(
        "energy cost a year (shift)",
        r.line[ENERGY_COST_YEAR],
        126.0 * zhizao_core::economics::HOURS_PER_YEAR / 24.0,
    );
}

#[test]
fn the_market_limit_caps_extra_output_and_the_energy_change_is_a_cost() {
    // A press doubles its speed (60 -> 120 an hour around the clock) and
    // draws 12 kW instead of 10 while busy, at 1 RMB/kWh. The market takes
    // 600,000 units a year: the baseline's 525,960 all sell, the variant's
    // 1,051,920 only up to the limit.
    let s = scenario(
        r#"Scenario(
    name: "market",
    experiment: (warmup: "1h", run: "100h", replications: 3, seed: 5),
    products: [(name: "p", route: ["press"])],
    source: Saturated,
    stations: [(name: "press", kind: Robot, robots: 0, time: Const("1min"), buffer: 0,
                power_kw: (busy: 10, idle: 2))],
    economics: (
        value_per_good_unit_rmb: 2,
        operator_cost_per_hour_rmb: 30,
        discount_rate: 0.1,
        horizon_years: 3,
        market_limit_units_per_year: 600000,
        energy: (flat_rmb_per_kwh: 1.0),
    ),
    variants: [(name: "faster", changes: [
        SetTime(station: "press", time: Const("30s"), capital_cost_rmb: 50000),
        SetPower(station: "press", power_kw: (busy: 12, idle: 2)),
    ])],
)"#,
    );
    let a = zhizao_core::experiment::evaluate(&s, &[], &s.settings).unwrap();
    let f = a.variants[1].finance.as_ref().unwrap();
    close(
        "extra contribution",
        f.annual_extra_contribution_rmb.mean,
        2.0 * (600_000.0 - 525_960.0),
    );
    close(
        "extra electricity cost",
        f.annual_extra_energy_cost_rmb.mean,
        2.0 * 8766.0,
    );
    close(
        "net benefit",
        f.annual_benefit_rmb.mean,
        2.0 * (600_000.0 - 525_960.0) - 2.0 * 8766.0,
    );
    let base = &a.variants[0].replications[0];
    close("baseline kWh per unit", base.line[ENERGY_PER_UNIT], 10.0 / 60.0);
}

/// One machine of 1 min a part, around the clock, fed by `orders`.
fn order_book_line(orders: &str, extra: &str, run: &str) -> String {
    format!(
        r#"Scenario(
            name: "order book",
            experiment: (warmup: "0s", run: "{run}", replications: 1, seed: 1),
            {extra}
            products: [(name: "p", route: ["lathe"])],
            source: OrderBook({orders}),
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"))],
        )"#
    )
}

const BOOK: &str = r#"orders: [
    (id: "A", product: "p", quantity: 60, release: "0s", due: "2h"),
    (id: "B", product: "p", quantity: 120, release: "30min", due: "2h"),
    (id: "C", product: "p", quantity: 30, release: "10h", due: "10h20min"),
    (id: "D", product: "p", quantity: 10, release: "23h55min", due: "30h"),
]"#;

#[test]
fn a_deterministic_order_book_gives_known_completions_and_lateness() {
    // A is made 0-60 min (on time); B's parts wait behind it and are made
    // 60-180 min, due at 120: 1 h late; C is made 600-630 min, due at 620:
    // 10 min late; D is released 5 min before the end, half made: open.
    let line = baseline(&order_book_line(BOOK, "", "24h"));
    let r = line.replicate(0).unwrap();
    close("good output", r.line[GOOD_OUTPUT], 215.0);
    close("orders on time", r.line[ORDERS_ON_TIME], 1.0 / 3.0);
    close(
        "mean tardiness, h",
        r.line[TARDINESS_MEAN],
        (0.0 + 1.0 + 1.0 / 6.0) / 3.0,
    );
    close("95th percentile tardiness, h", r.line[TARDINESS_P95], 1.0);
    close("orders open at the end", r.line[ORDERS_OPEN], 1.0);
    assert_eq!(r.released, 220);

    // Dated: releases at midnight, a day shift 08:00-16:00 from Monday
    // 2027-01-04. Order 1 (480) is made Monday 8-16, due Tuesday 12:00;
    // order 2 (600) Tuesday 8-16 and Wednesday 8-10, due exactly Wednesday
    // 10:00 (on time); order 3 (60), released Wednesday 10:00, is made by
    // 11:00 and due at 10:30: 30 min late.
    let dated = r#"orders: [
        (id: "1", product: "p", quantity: 480, release: "2027-01-04", due: "2027-01-05 12:00"),
        (id: "2", product: "p", quantity: 600, release: "2027-01-05", due: "2027-01-06 10:00"),
        (id: "3", product: "p", quantity: 60, release: "2027-01-06 10:00", due: "2027-01-06 10:30"),
    ]"#;
    let calendar = r#"start_date: "2027-01-04",
        calendars: [(name: "day", days: 5, shifts: [("08:00", "16:00")])],
        plant_calendar: "day","#;
    let r = baseline(&order_book_line(dated, calendar, "5d")).replicate(0).unwrap();
    close("dated: on time", r.line[ORDERS_ON_TIME], 2.0 / 3.0);
    close("dated: mean tardiness, h", r.line[TARDINESS_MEAN], 0.5 / 3.0);
    close("dated: open", r.line[ORDERS_OPEN], 0.0);
}

#[test]
fn a_scrapped_part_of_an_order_is_made_again_and_the_book_can_come_from_csv() {
    // Half the parts are scrapped at random; the order of 100 still ends
    // with 100 good parts, and every scrapped one was made again.
    let line = baseline(
        r#"Scenario(
            name: "scrap",
            experiment: (warmup: "0s", run: "100h", replications: 1, seed: 4),
            products: [(name: "p", route: ["lathe"])],
            source: OrderBook(orders: [(id: "X", product: "p", quantity: 100, release: "0s", due: "1h")]),
            stations: [(name: "lathe", kind: Robot, robots: 0, time: Const("1min"), scrap: 0.5)],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("good output", r.line[GOOD_OUTPUT], 100.0);
    assert!(r.scrapped > 20, "{} scrapped", r.scrapped);
    assert_eq!(r.released, 100 + r.scrapped);
    close("open", r.line[ORDERS_OPEN], 0.0);
    // Completed after 100 + scrapped minutes; due after 60.
    close(
        "tardiness, h",
        r.line[TARDINESS_MEAN],
        (100.0 + r.scrapped as f64 - 60.0) / 60.0,
    );

    // The same book as BOOK, from a CSV file beside the scenario.
    let dir = std::env::temp_dir().join(format!("zhizao-orders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("orders.csv"),
        "id,product,quantity,release,due\nA,p,60,0s,2h\nB,p,120,30min,2h\nC,p,30,10h,10h20min\nD,p,10,23h55min,30h\n",
    )
    .unwrap();
    std::fs::write(dir.join("line.ron"), order_book_line(r#"csv: "orders.csv""#, "", "24h")).unwrap();
    let s = zhizao_core::scenario::Scenario::load(&dir.join("line.ron")).unwrap();
    let from_csv = zhizao_core::experiment::replicate(&s.baseline().line, &s.settings, 0).unwrap();
    let inline = baseline(&order_book_line(BOOK, "", "24h")).replicate(0).unwrap();
    assert_eq!(format!("{from_csv:?}"), format!("{inline:?}"));
    // Excel's "CSV UTF-8" starts with a byte-order mark: the same book.
    std::fs::write(
        dir.join("orders.csv"),
        "\u{feff}id,product,quantity,release,due\nA,p,60,0s,2h\nB,p,120,30min,2h\nC,p,30,10h,10h20min\nD,p,10,23h55min,30h\n",
    )
    .unwrap();
    let s = zhizao_core::scenario::Scenario::load(&dir.join("line.ron")).unwrap();
    let with_bom = zhizao_core::experiment::replicate(&s.baseline().line, &s.settings, 0).unwrap();
    assert_eq!(format!("{with_bom:?}"), format!("{inline:?}"));
    std::fs::write(dir.join("orders.csv"), "id,product,quantity\nA,p,60\n").unwrap();
    let e = zhizao_core::scenario::Scenario::load(&dir.join("line.ron")).unwrap_err();
    assert!(e.to_string().contains("problem"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn poisson_orders_with_a_sinusoidal_rate_fill_an_infinite_server_station_as_theory_says() {
    // M_t/D/inf: orders at rate l(t) = 60/h x (1 + 0.5 sin(2 pi h / 24)),
    // constant within each hour h, each staying exactly 1 h in a station
    // with more servers than ever needed. N(t) = arrivals in (t - 1h, t],
    // so the mean number present over hour h is (l(h-1) + l(h)) / 2.
    let hourly: Vec<f64> = (0..24)
        .map(|h| 1.0 + 0.5 * (2.0 * std::f64::consts::PI * h as f64 / 24.0).sin())
        .collect();
    let line = baseline(&format!(
        r#"Scenario(
            name: "mt",
            experiment: (warmup: "0s", run: "500h", replications: 10, seed: 11),
            products: [(name: "p", route: ["infinite"])],
            source: Orders(interarrival: Exp("1min"), rate_profile: (by_hour: {hourly:?})),
            stations: [(name: "infinite", kind: Robot, robots: 0, servers: 5000, time: Const("1h"))],
        )"#
    ));
    let reps = replications(&line);
    assert!((reps[0].series_bucket_hours - 1.0).abs() < 1e-12);
    for h in [0usize, 6, 12, 18] {
        // Hour-of-day means over days 1..20 (day 0 starts empty), per replication.
        let means: Vec<f64> = reps
            .iter()
            .map(|r| {
                let v: Vec<f64> = (1..20).map(|d| r.series_wip[d * 24 + h]).collect();
                v.iter().sum::<f64>() / v.len() as f64
            })
            .collect();
        let exact = 60.0 * (hourly[(h + 23) % 24] + hourly[h]) / 2.0;
        assert_matches(
            &format!("mean present in hour {h}"),
            zhizao_core::stats::Summary::of(&means),
            exact,
            0.05,
        );
    }
}

/// A robot of 1 min a part (saturated, one at a time) ramping up by `ramp`.
fn ramping(ramp: &str, run: &str, replications: u32) -> Baseline {
    baseline(&format!(
        r#"Scenario(
            name: "ramp",
            experiment: (warmup: "0s", run: "{run}", replications: {replications}, seed: 2),
            products: [(name: "p", route: ["cell"])],
            source: Saturated,
            stations: [(name: "cell", kind: Robot, robots: 1, time: Const("1min"), buffer: 0,
                        ramp_up: {ramp})],
        )"#
    ))
}

fn from_install(b: &Baseline, replication: u32) -> zhizao_core::sim::Replication {
    let line = std::sync::Arc::new(b.line.from_install());
    zhizao_core::experiment::replicate(&line, &b.settings, replication).unwrap()
}

#[test]
fn a_learning_curve_gives_the_cumulative_output_of_the_summed_unit_times() {
    // Wright: part k takes max(1, 4 k^b) min with b = log2(0.9); in 100 h
    // the cell makes the largest N whose summed times fit (to the ms).
    let b = ramping("(first_unit_factor: 4, learning_rate: 0.9)", "100h", 1);
    let exponent = 0.9f64.log2();
    let (mut t, mut n) = (0u64, 0u64);
    loop {
        let next = (60_000.0 * (4.0 * ((n + 1) as f64).powf(exponent)).max(1.0)).round() as u64;
        if t + next > 100 * 3_600_000 {
            break;
        }
        t += next;
        n += 1;
    }
    println!("Wright: {n} parts in 100 h");
    close(
        "output from installation",
        from_install(&b, 0).line[GOOD_OUTPUT],
        n as f64,
    );
    // A steady-state run ignores the ramp-up: 60 an hour.
    close("steady output", b.replicate(0).unwrap().line[GOOD_OUTPUT], 6000.0);

    // Exponential approach: a part started at t takes 1 + 3 e^(-t / 20 h) min.
    let b = ramping("(first_unit_factor: 4, time_constant: \"20h\")", "100h", 1);
    let tau = 20.0 * 3_600_000.0;
    let (mut t, mut n) = (0u64, 0u64);
    loop {
        let next = (60_000.0 * (1.0 + 3.0 * (-(t as f64) / tau).exp())).round() as u64;
        if t + next > 100 * 3_600_000 {
            break;
        }
        t += next;
        n += 1;
    }
    close(
        "exponential ramp-up output",
        from_install(&b, 0).line[GOOD_OUTPUT],
        n as f64,
    );

    // Two days of commissioning before the first part, in 10 days around
    // the clock: 8 days of output, the two days down but no breakdown.
    let b = ramping("(commissioning: \"2d\")", "10d", 1);
    let r = from_install(&b, 0);
    close("output after commissioning", r.line[GOOD_OUTPUT], 8.0 * 1440.0);
    close("down share", state(&r, 0, State::Down), 0.2);
    close("breakdowns", r.stations[0][ST_FAILURES], 0.0);
}

#[test]
fn early_life_failures_decaying_exponentially_give_the_expected_count() {
    // l(t) = l0 e^(-t/tau) with l0 = 14 a week (2 a day), tau = 10 days:
    // expected failures in 30 days = 2 x 10 x (1 - e^-3) = 19.004. Repairs
    // take 1 s, so hardly any strike falls in a repair.
    let b = ramping(
        "(early_failures_per_week: 14, early_failure_decay: \"10d\", early_repair: Const(\"1s\"))",
        "30d",
        200,
    );
    let counts: Vec<f64> = (0..200).map(|r| from_install(&b, r).stations[0][ST_FAILURES]).collect();
    let exact = 2.0 * 10.0 * (1.0 - (-3.0f64).exp());
    assert_matches(
        "early failures in 30 days",
        zhizao_core::stats::Summary::of(&counts),
        exact,
        0.05,
    );
    assert_eq!(b.replicate(0).unwrap().stations[0][ST_FAILURES], 0.0);
}

#[test]
fn from_the_installation_the_first_years_shortfall_comes_off_the_npv() {
    // The money case: a robot replaces a person at a press of 1 min a part.
    // Steady, output is the same; in its first year the robot learns
    // (part k takes max(1, 4 k^b) min, b = log2 0.9) and makes fewer parts:
    // the year-1 benefit is short by 2 RMB for each, and the NPV by that
    // shortfall discounted one year.
    let s = scenario(
        r#"Scenario(
    name: "money",
    experiment: (warmup: "1h", run: "100h", replications: 2, seed: 5),
    operators: [(name: "ops", headcount: 1)],
    products: [(name: "p", route: ["press"])],
    source: Saturated,
    stations: [(name: "press", kind: Manual(operators: "ops"), time: Const("1min"), buffer: 0)],
    economics: (value_per_good_unit_rmb: 2, operator_cost_per_hour_rmb: 30,
        robot_cost_per_operating_hour_rmb: 5, discount_rate: 0.1, horizon_years: 3),
    variants: [(name: "robot", changes: [
        ReplaceWithRobot(station: "press", failures: Never, time: Const("1min"), capital_cost_rmb: 100000),
        SetRampUp(station: "press", ramp_up: (first_unit_factor: 4, learning_rate: 0.9)),
        ChangeHeadcount(pool: "ops", by: -1),
    ])],
)"#,
    );
    let steady = zhizao_core::experiment::evaluate(&s, &[], &s.settings).unwrap();
    let first = zhizao_core::experiment::evaluate_from_install(&s, &[], &s.settings).unwrap();
    let (fs, f1) = (
        steady.variants[1].finance.as_ref().unwrap(),
        first.variants[1].finance.as_ref().unwrap(),
    );
    let exponent = 0.9f64.log2();
    let year = 365 * 86_400_000u64;
    let (mut t, mut made) = (0u64, 0u64);
    loop {
        let next = (60_000.0 * (4.0 * ((made + 1) as f64).powf(exponent)).max(1.0)).round() as u64;
        if t + next > year {
            break;
        }
        t += next;
        made += 1;
    }
    let shortfall = (365.0 * 1440.0 - made as f64) * 8766.0 / 8760.0;
    let b1 = fs.annual_benefit_rmb.mean - 2.0 * shortfall;
    close("first-year benefit", f1.first_year_benefit_rmb.unwrap().mean, b1);
    close(
        "steady benefit kept",
        f1.annual_benefit_rmb.mean,
        fs.annual_benefit_rmb.mean,
    );
    close("NPV", f1.npv_rmb.mean, fs.npv_rmb.mean - 2.0 * shortfall / 1.1);
    assert!(f1.payback_years.estimate.unwrap() > fs.payback_years.estimate.unwrap());
    close(
        "first-year output",
        first.variants[1].kpis[GOOD_OUTPUT].mean,
        made as f64,
    );
}

#[test]
fn bundled_scenarios_built_in_read_their_order_books_as_from_files() {
    use zhizao_core::scenario::{BUNDLED, Scenario};
    for (file, text) in BUNDLED {
        let built_in = Scenario::parse_bundled(text).unwrap();
        let from_file = load(&root().join(file));
        assert_eq!(
            format!("{:?}", built_in.baseline().line.source),
            format!("{:?}", from_file.baseline().line.source),
            "{file}"
        );
    }
}

/// Finished goods by hand: a robot makes one unit a minute (at 1, 2, ...
/// min) into stock, customers take one every `every` seconds; at equal
/// times the unit arrives first. Returns (mean units on hand, fill rate)
/// over `minutes`.
fn stock_by_hand(initial: i64, every: u64, minutes: u64) -> (f64, f64) {
    let end = minutes * 60;
    let (mut stock, mut area, mut demands, mut served) = (initial, 0i64, 0u64, 0u64);
    for s in 0..end {
        // Events at second s, then the stock holds for one second.
        if s > 0 && s.is_multiple_of(60) {
            stock += 1;
        }
        if s > 0 && s.is_multiple_of(every) {
            demands += 1;
            if stock > 0 {
                served += 1;
            }
            stock -= 1;
        }
        area += stock.max(0);
    }
    // The events at the end itself change no held time, but count.
    stock += 1;
    if end.is_multiple_of(every) {
        demands += 1;
        if stock > 0 {
            served += 1;
        }
    }
    (area as f64 / end as f64, served as f64 / demands as f64)
}

#[test]
fn finished_goods_stock_and_fill_rate_by_hand() {
    for (initial, every) in [(10, 120), (0, 30), (30, 45)] {
        let line = baseline(&format!(
            r#"Scenario(
                name: "stock",
                experiment: (warmup: "0s", run: "100min", replications: 1, seed: 1),
                products: [(name: "p", route: ["cell"])],
                source: Saturated,
                finished_goods: (demand: Const("{every}s"), initial_stock: {initial}),
                stations: [(name: "cell", kind: Robot, robots: 1, time: Const("1min"), buffer: 0)],
            )"#
        ));
        let r = line.replicate(0).unwrap();
        let (mean, fill) = stock_by_hand(initial, every, 100);
        close(&format!("mean stock ({initial}, {every} s)"), r.line[STOCK_MEAN], mean);
        close(&format!("fill rate ({initial}, {every} s)"), r.line[FILL_RATE], fill);
    }
}

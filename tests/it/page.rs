//! The report page as a browser shows it: rendered by headless Chromium at
//! the width of an A4 page (794 CSS pixels), nothing sticks out: no
//! horizontal scrollbar, every table, chart and paragraph inside the page.
//!
//! Needs Chromium, so it is ignored in the plain test run; `.ci/run`
//! installs it and runs `cargo test --test it page -- --ignored`. Set
//! `ZHIZAO_SCREENSHOT_DIR` to keep a screenshot of each page (the README's
//! comes from here).

use std::path::Path;
use std::process::Command;

use super::cli::{QUICK, expect_code, zhizao};

/// Marks the page's body with what overflows once it has loaded.
const PROBE: &str = r#"<script>
window.addEventListener('load', () => {
  const w = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > w) {
    out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + w);
  }
  for (const el of document.querySelectorAll('table, pre, figure, svg, p, h1, h2, h3')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 0.5 || el.scrollWidth > el.clientWidth + 1) {
      out.push(el.tagName + ' ' + (el.textContent || '').replace(/[ \n\t]+/g, ' ').slice(0, 80));
    }
  }
  document.body.setAttribute('data-overflow', out.join(' | ') || 'none');
});
</script>"#;

fn chromium() -> &'static str {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("Chromium installed (.ci/run installs it)")
}

/// What sticks out of `report.html` at `width` CSS pixels ("none": nothing).
fn overflow(page: &Path, width: u32) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(!html.contains("<script"), "the report itself has no scripts");
    let probe = page.with_file_name("probe.html");
    std::fs::write(&probe, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let out = Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("--window-size={width},1200"))
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("Chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom
        .find("data-overflow=\"")
        .unwrap_or_else(|| panic!("no probe result:\n{dom}"));
    let rest = &dom[at + 15..];
    rest[..rest.find('"').unwrap()]
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn screenshot(page: &Path, name: &str) {
    let Some(dir) = std::env::var_os("ZHIZAO_SCREENSHOT_DIR") else {
        return;
    };
    let status = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=794,1400",
        ])
        .arg(format!("--screenshot={}", Path::new(&dir).join(name).display()))
        .arg(format!("file://{}", page.display()))
        .status()
        .unwrap();
    assert!(status.success());
}

fn report(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let out_dir = dir.join(args.join("_").replace(['/', '.', '='], "_"));
    let out = zhizao(&[args, QUICK, &["--out", out_dir.to_str().unwrap(), "-q"]].concat());
    expect_code(&out, 0, &args.join(" "));
    out_dir.join("report.html")
}

#[test]
#[ignore = "needs Chromium: run by .ci/run"]
fn report_pages_fit_an_a4_page_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    for (args, shot) in [
        (&["compare", "scenarios/wenzhou_valve_body.ron"][..], "report_a4.png"),
        (&["run", "scenarios/yongkang_thermos_cup.ron"][..], ""),
        (
            &["compare", "scenarios/wenzhou_valve_body.ron", "--lang", "zh"][..],
            "report_a4_zh.png",
        ),
        (
            &[
                "sweep",
                "scenarios/wenzhou_valve_body.ron",
                "--param",
                "stations.cnc_drilling.buffer=0..4:2",
            ][..],
            "",
        ),
    ] {
        let page = report(dir.path(), args);
        assert_eq!(overflow(&page, 794), "none", "{}", args.join(" "));
        if !shot.is_empty() {
            screenshot(&page, shot);
        }
    }
}

//! The embedded font draws every character the view can show: the
//! program's own words and the bundled scenarios' names, and the Chinese a
//! user types into a scenario (GB2312). A character missing here would draw
//! as an empty box on an exhibition screen.

use std::collections::BTreeSet;
use std::path::Path;

use read_fonts::{FontRef, TableProvider};
use zhizao_view::style::FONT;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn characters_in(dir: &Path, ext: &[&str], out: &mut BTreeSet<char>) {
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            characters_in(&path, ext, out);
        } else if path.extension().is_some_and(|e| ext.iter().any(|x| e == *x)) {
            let text = std::fs::read_to_string(&path).expect("UTF-8 text");
            out.extend(text.chars().filter(|c| !c.is_control()));
        }
    }
}

fn missing(chars: impl IntoIterator<Item = char>) -> String {
    let font = FontRef::new(FONT).expect("the embedded font parses");
    let cmap = font.cmap().expect("the font has a character map");
    chars
        .into_iter()
        .filter(|&c| cmap.map_codepoint(c).is_none_or(|g| g.to_u32() == 0))
        .collect()
}

#[test]
fn the_font_draws_every_character_the_program_and_the_bundled_scenarios_show() {
    let mut chars = BTreeSet::new();
    let root = Path::new(ROOT);
    for dir in ["crates/zhizao-core/src", "crates/zhizao-view/src", "src"] {
        characters_in(&root.join(dir), &["rs"], &mut chars);
    }
    characters_in(&root.join("scenarios"), &["ron", "csv"], &mut chars);
    assert!(chars.len() > 95, "only {} characters found", chars.len());
    let missing = missing(chars);
    assert!(
        missing.is_empty(),
        "characters the font cannot draw: {missing:?}; run python3 assets/fonts/make_font.py"
    );
}

#[test]
fn the_font_draws_the_chinese_users_type_and_the_signs_tables_use() {
    // GB2312's first and last hanzi of level 1 (啊, 座) and level 2 (亍, 齄),
    // place names of the bundled industries' cities, and symbols.
    let sample = "啊座亍齄温州瓯海乐清柳市永康嘉兴金华台州慈溪余姚鹿城龙湾\
                  数控车削去毛刺装配检验焊接喷涂注塑冲压热处理万元亿元\
                  ±×÷°→≤≥…—、。，：；（）【】《》“”％℃";
    assert_eq!(missing(sample.chars()), "");
    let font = FontRef::new(FONT).expect("font");
    let (_, _, table) = font.cmap().expect("cmap").best_subtable().expect("a Unicode subtable");
    let mapped = table.iter().count();
    assert!(mapped > 7_000, "{mapped} characters mapped; GB2312 alone has 7,445");
}

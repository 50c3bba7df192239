//! The properties of strings of `v` mode (#table-binary-unicode-properties-of-strings).
//! Basic_Emoji comes from ICU4X; the RGI sequence sets, which ICU4X does not
//! ship, from `emoji_sequences.txt` (a generated table; see its header).

use crate::class::CharSet;
use crate::unicode::Property;
use icu_properties::props::BasicEmoji;
use icu_properties::EmojiSetData;

const SEQUENCES: &str = include_str!("emoji_sequences.txt");

/// The sequences of one tag letter of `emoji_sequences.txt`.
fn sequences(tags: &str) -> Vec<Vec<u32>> {
    SEQUENCES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let tag = parts.next()?;
            if !tags.contains(tag) {
                return None;
            }
            Some(
                parts
                    .filter_map(|h| u32::from_str_radix(h, 16).ok())
                    .collect(),
            )
        })
        .collect()
}

fn basic_emoji() -> (CharSet, Vec<Vec<u32>>) {
    let data = EmojiSetData::new::<BasicEmoji>().static_to_owned();
    let list = data.to_code_point_inversion_list_string_list();
    let set = CharSet::from_ranges(
        list.code_points()
            .iter_ranges()
            .map(|r| (*r.start(), *r.end()))
            .collect(),
    );
    let strings = list
        .strings()
        .iter()
        .map(|s| s.chars().map(|c| c as u32).collect())
        .collect();
    (set, strings)
}

pub fn property_of_strings(name: &str) -> Option<Property> {
    let (set, strings) = match name {
        "Basic_Emoji" => basic_emoji(),
        "Emoji_Keycap_Sequence" => (CharSet::new(), sequences("K")),
        "RGI_Emoji_Flag_Sequence" => (CharSet::new(), sequences("F")),
        "RGI_Emoji_Modifier_Sequence" => (CharSet::new(), sequences("M")),
        "RGI_Emoji_Tag_Sequence" => (CharSet::new(), sequences("T")),
        "RGI_Emoji_ZWJ_Sequence" => (CharSet::new(), sequences("Z")),
        "RGI_Emoji" => {
            let (set, mut strings) = basic_emoji();
            strings.extend(sequences("KFMTZ"));
            (set, strings)
        }
        _ => return None,
    };
    Some(Property {
        set,
        strings,
        of_strings: true,
    })
}

use super::Regex;

fn test(pattern: &str, text: &str) -> bool {
    Regex::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .is_match(text)
}

#[test]
fn matches_like_javascript_regexp_test_with_the_i_flag() {
    // (pattern, text, RegExp(pattern, "i").test(text))
    for (pattern, text, expected) in [
        ("abc", "xxABCxx", true),
        ("abc", "ab", false),
        ("^abc", "abcd", true),
        ("^abc", "xabc", false),
        ("abc$", "xabc", true),
        ("abc$", "abcx", false),
        ("a.c", "a-c", true),
        ("a.c", "a\nc", false),
        ("colou?r", "color", true),
        ("colou?r", "colour", true),
        ("ab*c", "ac", true),
        ("ab+c", "ac", false),
        ("a{3}", "aa", false),
        ("a{3}", "aaa", true),
        ("^a{2,3}$", "aaaa", false),
        ("^a{2,}$", "aaaaa", true),
        ("x{,2}", "x{,2}", true),
        ("a{", "a{", true),
        ("cat|dog", "hotdog", true),
        ("^(?:cat|dog)$", "cats", false),
        ("[a-c]+d", "xbcad", true),
        ("[^/]+\\.sjv\\.io", "https://abc.sjv.io/x", true),
        ("[^/]+\\.sjv\\.io", "https://sjv.io/", false),
        ("i[0-9]{6}\\.net", "https://i123456.net", true),
        ("i[0-9]{6}\\.net", "https://i12345.net", false),
        ("\\d+\\D", "123a", true),
        ("^\\d+$", "123a", false),
        ("\\w+@\\w+", "me@example", true),
        ("\\bcat\\b", "a cat here", true),
        ("\\bcat\\b", "concatenate", false),
        ("\\Bcat\\B", "concatenate", true),
        ("a\\sb", "a b", true),
        ("[\\d.]+", "1.5", true),
        ("[.]", "a", false),
        ("\\/path\\/", "https://x.com/path/", true),
        ("\\x41\\u0042", "ab", true),
        ("[A-Z]{3}", "abc", true),
        ("ABC", "abc", true),
        ("(a|ab)(c|bcd)(d*)", "abcd", true),
        ("a(?=b)", "ab", true),
        ("a(?=b)", "ac", false),
        ("a(?!b)", "ab", false),
        ("a(?!b)", "ac", true),
        ("(?<=\\$)\\d+", "cost $42", true),
        ("(?<=\\$)\\d+", "cost 42", false),
        ("(?<!\\$)\\b\\d+", "cost $42", false),
        ("(?<!\\$)\\b\\d+", "cost 42", true),
        ("(?<name>a)b", "ab", true),
        ("a+?b", "aaab", true),
        ("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false),
        ("", "anything", true),
        ("(?:)", "", true),
        ("[]", "a", false),
        ("[^]", "a", true),
        ("é", "CAFÉ", true),
    ] {
        assert_eq!(test(pattern, text), expected, "/{pattern}/i.test({text:?})");
    }
}

#[test]
fn the_packs_look_aheads_work_exactly() {
    let booking = r"[?&]aid=(?!(?:898409|1|2|3)(?:\D|$))";
    assert!(test(booking, "https://www.booking.com/?aid=77"));
    assert!(!test(booking, "https://www.booking.com/?aid=1"));
    assert!(!test(booking, "https://www.booking.com/?aid=898409&x=1"));
    assert!(
        test(booking, "https://www.booking.com/?aid=10"),
        "1 is excluded, 10 is not"
    );
    assert!(test(
        booking,
        "https://www.booking.com/?x=1&aid=898409&aid=5"
    ));
    let bestbuy = r"www\.bestbuy\.com\/.*(?:[?&](?:ref=(?!6467161)|acampID=).*){2}";
    assert!(test(
        bestbuy,
        "https://www.bestbuy.com/site/x?ref=123&acampID=9"
    ));
    assert!(!test(
        bestbuy,
        "https://www.bestbuy.com/site/x?ref=6467161&acampID=9"
    ));
    assert!(!test(bestbuy, "https://www.bestbuy.com/site/x?acampID=9"));
}

#[test]
fn refuses_what_it_cannot_run_with_a_reason() {
    for (pattern, why) in [
        ("(a)\\1", "back-references"),
        ("(?<n>a)\\k<n>", "back-references"),
        ("(unclosed", "unclosed group"),
        ("a)", "unmatched )"),
        ("[abc", "unclosed character class"),
        ("[z-a]", "out of order"),
        ("*a", "nothing to repeat"),
        ("a**", "nothing to repeat"),
        ("^*", "nothing to repeat"),
        ("a{3,2}", "out of order"),
        ("a{1001}", "above 1000"),
        ("(?<=a)+", "nothing to repeat"),
        ("\\q", "unknown escape"),
        ("a\\", "backslash"),
        ("(?x)", "invalid group"),
        ("\\u12", "hex escape"),
        ("(?:(?:(?:a{1000}){1000}){1000})", "too large"),
    ] {
        let err = Regex::new(pattern).expect_err(pattern);
        assert!(err.contains(why), "{pattern}: {err}");
    }
    let deep = "(".repeat(100) + &")".repeat(100);
    assert!(Regex::new(&deep).unwrap_err().contains("nested too deeply"));
}

#[test]
fn hostile_urls_take_linear_time() {
    // Classic catastrophic patterns finish: no state is explored twice.
    let long = "a".repeat(20_000) + "!";
    assert!(!test("(a+)+b", &long));
    assert!(!test("(a|aa)+$x", &long));
    assert!(!test(
        r"(?:.*[&?](?:mkevt|mkcid|campid)=)+.*x$",
        &("&mkevt=".repeat(3_000) + "y")
    ));
    let url = format!("https://www.booking.com/?{}", "aid=1&".repeat(20_000));
    assert!(!test(r"[?&]aid=(?!(?:898409|1|2|3)(?:\D|$))", &url));
    // Past the step budget the answer is "matches": stand down, never hang.
    let huge = "a".repeat(2_000_000);
    assert!(test("(?<=a*)b", &huge));
}

#[test]
fn agrees_with_regex_lite_where_both_apply() {
    let patterns = [
        r"go\.(silpada|corsair|gemvara|jewelry|gymshark|web\.plus\.espn)\.com",
        r"lenovo\..{4}\.net",
        r"linkto\.[^/]+\.com",
        r"pzapi-.{2}\.com",
        r"rffrid=(?:(?:mdp|sem|aff)\.hcom\.|eml\.hcom\.)",
        r"ebay(?:\.\w{2,3})+\/(?:.*[&?](?:mkevt|mkcid|campid)=)+.*$",
        r"[?&](?:utm_)?source=aw(?:[&#]|$)",
        r"^https?://[a-z]+\.(com|net)/$",
        r"(a|b)*c{1,3}?d",
    ];
    let texts = [
        "https://go.gymshark.com/x",
        "https://go.example.com/",
        "https://lenovo.abcd.net/",
        "https://lenovo.abc.net/",
        "https://linkto.shop.com/",
        "https://pzapi-kz.com/",
        "https://www.hotels.com/?rffrid=aff.hcom.us",
        "https://www.ebay.co.uk/itm/1?mkevt=1&mkcid=1",
        "https://www.ebay.com/itm/1",
        "https://shop.example/?utm_source=aw&x=1",
        "https://shop.example/?source=awin",
        "https://abc.net/",
        "abababcccd",
        "abd",
        "",
    ];
    for pattern in patterns {
        let ours = Regex::new(pattern).unwrap();
        let theirs = regex_lite::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .unwrap();
        for text in texts {
            assert_eq!(
                ours.is_match(text),
                theirs.is_match(text),
                "/{pattern}/ on {text:?}"
            );
        }
    }
}

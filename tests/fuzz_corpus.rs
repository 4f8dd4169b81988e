//! Replays the committed fuzz corpus and every regression input through the
//! fuzz entry points (`shoptrip::fuzzing`), so `cargo test` keeps each
//! finding fixed without a fuzzer. Corpus files live in
//! `fuzz/corpus/<target>/`, regressions in `fuzz/regressions/<target>-*`.

#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

#[test]
fn every_corpus_and_regression_input_runs_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for (name, target) in shoptrip::fuzzing::TARGETS {
        let corpus = root.join("corpus").join(name);
        let mut inputs: Vec<_> = fs::read_dir(&corpus)
            .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
            .map(|e| e.expect("entry").path())
            .collect();
        inputs.extend(
            fs::read_dir(root.join("regressions"))
                .expect("fuzz/regressions")
                .map(|e| e.expect("entry").path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&format!("{name}-")))
                }),
        );
        assert!(!inputs.is_empty(), "no corpus for {name}");
        for path in inputs {
            target(&fs::read(&path).expect("input"));
            ran += 1;
        }
    }
    assert!(ran >= 20, "{ran} inputs");
}

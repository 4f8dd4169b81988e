//! Running a compiled pattern: backtracking that remembers every
//! (instruction, position) state seen to fail, so no state is explored twice.

use super::{is_line_terminator, is_word, lower, Assertion, Inst, Regex};
use rustc_hash::FxHashSet;

/// Steps one test may take before it gives up and answers "matches". It
/// bounds time (a look-behind can be quadratic in the URL) and memory (each
/// step may remember a state): a few tens of MB at worst, reached only by
/// URLs of hundreds of KB. For stand-down, erring toward standing down is
/// the safe answer.
const STEP_BUDGET: u64 = 2_000_000;

struct Run<'r> {
    regex: &'r Regex,
    text: &'r [char],
    /// Look-around results by (look, pos): bit 0 set when it matched.
    looks: FxHashSet<u64>,
    /// Per look-ahead, states seen in runs that failed (valid at any start).
    look_failed: Vec<FxHashSet<u64>>,
    stack: Vec<(u32, u32)>,
    steps: u64,
}

fn key(pc: u32, pos: usize) -> u64 {
    (u64::from(pc) << 32) | pos as u64
}

impl Run<'_> {
    fn exhausted(&self) -> bool {
        self.steps > STEP_BUDGET
    }

    /// Runs `program` from its start at `pos`, with `failed` as the states
    /// known to fail (updated); `end`, for a look-behind, is where the match
    /// must end.
    fn search(
        &mut self,
        program: &[Inst],
        pos: usize,
        failed: &mut FxHashSet<u64>,
        end: Option<usize>,
    ) -> bool {
        let base = self.stack.len();
        self.stack.push((0, pos as u32));
        let mut matched = false;
        'states: while self.stack.len() > base {
            let Some((mut pc, pos)) = self.stack.pop() else {
                break;
            };
            let mut pos = pos as usize;
            loop {
                self.steps += 1;
                if self.exhausted() {
                    break 'states;
                }
                if !failed.insert(key(pc, pos)) {
                    break;
                }
                match &program[pc as usize] {
                    Inst::Match => {
                        if end.map_or(true, |e| e == pos) {
                            matched = true;
                            break 'states;
                        }
                        break;
                    }
                    Inst::Char(c) => {
                        if self.text.get(pos) != Some(c) {
                            break;
                        }
                        pc += 1;
                        pos += 1;
                    }
                    Inst::Any => match self.text.get(pos) {
                        Some(c) if !is_line_terminator(*c) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Class(class) => match self.text.get(pos) {
                        Some(c) if class.matches(*c) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Split(a, b) => {
                        self.stack.push((*b, pos as u32));
                        pc = *a;
                    }
                    Inst::Jump(to) => pc = *to,
                    Inst::Assert(a) => {
                        if !self.assert(*a, pos) {
                            break;
                        }
                        pc += 1;
                    }
                    Inst::Look(id) => {
                        if !self.look(*id as usize, pos) {
                            break;
                        }
                        pc += 1;
                    }
                }
            }
        }
        self.stack.truncate(base);
        matched
    }

    fn assert(&self, a: Assertion, pos: usize) -> bool {
        let word_before = pos > 0 && is_word(self.text[pos - 1]);
        let word_after = self.text.get(pos).is_some_and(|c| is_word(*c));
        match a {
            Assertion::Start => pos == 0,
            Assertion::End => pos == self.text.len(),
            Assertion::WordBoundary => word_before != word_after,
            Assertion::NotWordBoundary => word_before == word_after,
        }
    }

    /// Whether look-around `id` holds at `pos` (negation applied).
    fn look(&mut self, id: usize, pos: usize) -> bool {
        let regex = self.regex;
        let sub = &regex.looks[id];
        let known = key(id as u32, pos) << 1;
        let found = if self.looks.contains(&(known | 1)) {
            true
        } else if self.looks.contains(&known) {
            false
        } else {
            let found = if sub.behind {
                // Some start at or before `pos` matches exactly up to `pos`.
                (0..=pos).rev().any(|start| {
                    let mut fresh = FxHashSet::default();
                    self.search(&sub.program, start, &mut fresh, Some(pos))
                })
            } else {
                // States seen in a run that failed stay failed for any
                // start; after a success the set is dropped, as it then
                // also holds states that led to the match.
                let mut failed = std::mem::take(&mut self.look_failed[id]);
                let found = self.search(&sub.program, pos, &mut failed, None);
                if !found {
                    self.look_failed[id] = failed;
                }
                found
            };
            self.looks.insert(known | u64::from(found));
            found
        };
        found != sub.negate
    }
}

impl Regex {
    /// Whether the pattern matches anywhere in `text` (like `RegExp.test`).
    pub fn is_match(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().map(lower).collect();
        let mut run = Run {
            regex: self,
            text: &text,
            looks: FxHashSet::default(),
            look_failed: vec![FxHashSet::default(); self.looks.len()],
            stack: Vec::new(),
            steps: 0,
        };
        // Every state seen from an earlier start failed: one set serves all.
        let mut failed = FxHashSet::default();
        let found = (0..=text.len())
            .any(|start| run.search(&self.program, start, &mut failed, None) || run.exhausted());
        found || run.exhausted()
    }
}

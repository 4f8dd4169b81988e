//! A small regular-expression engine for the `pattern` field of stand-down
//! rules, which are JavaScript regular expressions tested case-insensitively
//! against a URL.
//!
//! Why its own: the packs' patterns use look-aheads (Booking.com's `aid`
//! exclusions, Best Buy's `ref` exclusion), which the small crates lack, and
//! a backtracking crate with ECMAScript syntax loses the bound on hostile
//! URLs. Measured natively (release, all 14 shipped patterns on one hostile
//! URL, four shapes): `regress` 0.10 compiles all 14, then takes 1.1–1.5 s
//! at 16 KB and 4.8–6.0 s at 32 KB (four times the time for twice the URL:
//! hours at 2 MiB), where this engine takes 17–20 ms and 33–41 ms (linear).
//! In use, a pattern runs only on URLs holding its required literals. The
//! browser tests check every shipped pattern against the browser's `RegExp`. This one
//! covers what JavaScript has except back-references: alternation, groups,
//! greedy and lazy quantifiers, classes, `\d \w \s \b`, anchors, and
//! look-arounds in both directions. Case is ignored by the standard
//! library's Unicode case mapping, one character for one, as JavaScript's
//! `i` flag does.
//!
//! It is a backtracking matcher that remembers every (instruction, position)
//! state it has seen fail. A boolean match without back-references depends
//! only on that state, so no state is explored twice and any URL costs at
//! most program size × URL length steps: no pattern can make a hostile URL
//! take exponential time.

mod parse;
mod run;

use parse::{Cursor, Node, Parsed, Parser};

/// `c` in lower case, by the standard library's Unicode case mapping, when
/// that is one character (JavaScript's `i` flag compares one character with
/// one); otherwise `c` itself.
fn lower(c: char) -> char {
    let mut mapped = c.to_lowercase();
    match (mapped.next(), mapped.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// `c` in upper case, as [`lower`].
fn upper(c: char) -> char {
    let mut mapped = c.to_uppercase();
    match (mapped.next(), mapped.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// Patterns compile to at most this many instructions (counted repetition
/// is expanded).
const MAX_PROGRAM: usize = 200_000;
const MAX_NESTING: usize = 64;
const MAX_REPEAT: u32 = 1_000;

#[derive(Debug, Clone)]
pub struct Regex {
    program: Vec<Inst>,
    /// Look-around sub-programs, each ending in `Match`.
    looks: Vec<LookProgram>,
}

#[derive(Debug, Clone)]
struct LookProgram {
    program: Vec<Inst>,
    behind: bool,
    negate: bool,
}

#[derive(Debug, Clone)]
enum Inst {
    /// One character, already lower-case.
    Char(char),
    /// `.`: anything but a line terminator.
    Any,
    Class(Box<Class>),
    /// Try the first target, then the second.
    Split(u32, u32),
    Jump(u32),
    Assert(Assertion),
    /// The look-around sub-program `n` must (or must not) match here.
    Look(u32),
    Match,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assertion {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug, Clone, Default)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
    perl: Vec<Perl>,
}

#[derive(Debug, Clone, Copy)]
enum Perl {
    Digit(bool),
    Word(bool),
    Space(bool),
}

impl Perl {
    fn matches(self, c: char) -> bool {
        match self {
            Perl::Digit(yes) => c.is_ascii_digit() == yes,
            Perl::Word(yes) => is_word(c) == yes,
            Perl::Space(yes) => is_space(c) == yes,
        }
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

impl Class {
    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b) || self.perl.iter().any(|p| p.matches(c))
    }

    /// Case-insensitive membership; `c` is lower-case.
    fn matches(&self, c: char) -> bool {
        let hit = self.contains(c) || self.contains(upper(c));
        hit != self.negated
    }
}

// ---- compiling ---------------------------------------------------------------

struct Compiler {
    program: Vec<Inst>,
    looks: Vec<LookProgram>,
    /// Instructions in the main program and every look-around so far.
    total: usize,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Parsed<u32> {
        if self.total >= MAX_PROGRAM {
            return Err("the pattern is too large".into());
        }
        self.total += 1;
        self.program.push(inst);
        Ok((self.program.len() - 1) as u32)
    }

    fn here(&self) -> u32 {
        self.program.len() as u32
    }

    fn node(&mut self, node: &Node) -> Parsed<()> {
        match node {
            Node::Empty => {}
            Node::Char(c) => {
                self.push(Inst::Char(*c))?;
            }
            Node::Any => {
                self.push(Inst::Any)?;
            }
            Node::Class(class) => {
                self.push(Inst::Class(Box::new(class.clone())))?;
            }
            Node::Assert(a) => {
                self.push(Inst::Assert(*a))?;
            }
            Node::Concat(items) => {
                for item in items {
                    self.node(item)?;
                }
            }
            Node::Alternate(branches) => {
                let mut jumps = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(branch)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.here();
                        self.program[split as usize] = Inst::Split(split + 1, next);
                    } else {
                        self.node(branch)?;
                    }
                }
                let end = self.here();
                for j in jumps {
                    self.program[j as usize] = Inst::Jump(end);
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => {
                for _ in 0..*min {
                    self.node(node)?;
                }
                match max {
                    None => {
                        // L: split(body, out); body; jump L
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(node)?;
                        self.push(Inst::Jump(split))?;
                        let out = self.here();
                        self.program[split as usize] = self.split(split + 1, out, *greedy);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.node(node)?;
                        }
                        let out = self.here();
                        for s in splits {
                            self.program[s as usize] = self.split(s + 1, out, *greedy);
                        }
                    }
                }
            }
            Node::Look {
                node,
                behind,
                negate,
            } => {
                let mut sub = Compiler {
                    program: Vec::new(),
                    looks: std::mem::take(&mut self.looks),
                    total: self.total,
                };
                sub.node(node)?;
                sub.push(Inst::Match)?;
                self.looks = sub.looks;
                self.total = sub.total;
                self.looks.push(LookProgram {
                    program: sub.program,
                    behind: *behind,
                    negate: *negate,
                });
                self.push(Inst::Look((self.looks.len() - 1) as u32))?;
            }
        }
        Ok(())
    }

    fn split(&self, body: u32, out: u32, greedy: bool) -> Inst {
        if greedy {
            Inst::Split(body, out)
        } else {
            Inst::Split(out, body)
        }
    }
}

impl Regex {
    /// Compiles a JavaScript pattern for a case-insensitive test.
    pub fn new(source: &str) -> Result<Regex, String> {
        let chars: Vec<char> = source.chars().collect();
        let mut parser = Parser {
            chars: Cursor::new(&chars),
            depth: 0,
        };
        let node = parser.alternation()?;
        if parser.chars.next().is_some() {
            return Err("an unmatched )".into());
        }
        let mut compiler = Compiler {
            program: Vec::new(),
            looks: Vec::new(),
            total: 0,
        };
        compiler.node(&node)?;
        compiler.push(Inst::Match)?;
        Ok(Regex {
            program: compiler.program,
            looks: compiler.looks,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

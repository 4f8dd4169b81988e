//! A small regular-expression engine for the `pattern` field of stand-down
//! rules, which are JavaScript regular expressions tested case-insensitively
//! against a URL.
//!
//! Why its own: the packs' patterns use look-aheads (Booking.com's `aid`
//! exclusions, Best Buy's `ref` exclusion), which the small crates lack, and
//! the large ones cost more wasm than the whole stand-down module. This one
//! covers what JavaScript has except back-references: alternation, groups,
//! greedy and lazy quantifiers, classes, `\d \w \s \b`, anchors, and
//! look-arounds in both directions.
//!
//! It is a backtracking matcher that remembers every (instruction, position)
//! state it has seen fail. A boolean match without back-references depends
//! only on that state, so no state is explored twice and any URL costs at
//! most program size × URL length steps: no pattern can make a hostile URL
//! take exponential time.

use crate::matcher::FxHashSet;

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

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        let mut it = c.to_lowercase();
        match (it.next(), it.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    }
}

fn upper(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_uppercase()
    } else {
        let mut it = c.to_uppercase();
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    }
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

// ---- parsing ---------------------------------------------------------------

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Class),
    Assert(Assertion),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    Look {
        node: Box<Node>,
        behind: bool,
        negate: bool,
    },
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    depth: usize,
}

type Parsed<T> = Result<T, String>;

impl Parser<'_> {
    fn eat(&mut self, c: char) -> bool {
        self.chars.next_if_eq(&c).is_some()
    }

    fn alternation(&mut self) -> Parsed<Node> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternate(branches)
        })
    }

    fn concat(&mut self) -> Parsed<Node> {
        let mut items = Vec::new();
        while let Some(&c) = self.chars.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Parsed<Node> {
        let (min, max) = match self.chars.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.counted()? {
                Some(bounds) => bounds,
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(self.chars.peek(), Some('*' | '+' | '?')) {
            self.chars.next();
        }
        if matches!(atom, Node::Assert(_) | Node::Look { .. } | Node::Empty) {
            return Err("nothing to repeat".into());
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// At a `{`: `{n}`, `{n,}` or `{n,m}`, consumed. `None`, with nothing
    /// consumed, when the brace is no quantifier: JavaScript then reads it
    /// as a literal `{`.
    fn counted(&mut self) -> Parsed<Option<(u32, Option<u32>)>> {
        let rest: String = self.chars.clone().take(24).collect();
        let Some(close) = rest.find('}') else {
            return Ok(None);
        };
        let inner = &rest[1..close];
        let (min_text, max_text) = match inner.split_once(',') {
            None => (inner, Some(inner)),
            Some((a, "")) => (a, None),
            Some((a, b)) => (a, Some(b)),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(min_text) || max_text.is_some_and(|m| !digits(m)) {
            return Ok(None);
        }
        let count = |s: &str| {
            s.parse::<u32>()
                .ok()
                .filter(|n| *n <= MAX_REPEAT)
                .ok_or_else(|| format!("a repetition count above {MAX_REPEAT}"))
        };
        let min = count(min_text)?;
        let max = max_text.map(count).transpose()?;
        if max.is_some_and(|m| m < min) {
            return Err("numbers out of order in a {} quantifier".into());
        }
        for _ in 0..=close {
            self.chars.next();
        }
        Ok(Some((min, max)))
    }

    fn atom(&mut self) -> Parsed<Node> {
        let Some(c) = self.chars.next() else {
            return Ok(Node::Empty);
        };
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Assert(Assertion::Start),
            '$' => Node::Assert(Assertion::End),
            '(' => self.group()?,
            '[' => Node::Class(self.class()?),
            '\\' => self.escape(false)?,
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            '{' if self.counted_ahead() => return Err("nothing to repeat".into()),
            c => Node::Char(lower(c)),
        })
    }

    /// Whether a `{` just read starts a valid quantifier (then it repeats nothing).
    fn counted_ahead(&self) -> bool {
        let rest: String = self.chars.clone().take(24).collect();
        rest.find('}').is_some_and(|close| {
            let inner = &rest[..close];
            !inner.is_empty()
                && inner.bytes().all(|b| b.is_ascii_digit() || b == b',')
                && inner.as_bytes()[0].is_ascii_digit()
                && inner.matches(',').count() <= 1
        })
    }

    fn group(&mut self) -> Parsed<Node> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err("groups nested too deeply".into());
        }
        let mut look = None;
        if self.eat('?') {
            match self.chars.next() {
                Some(':') => {}
                Some('=') => look = Some((false, false)),
                Some('!') => look = Some((false, true)),
                Some('<') if self.eat('=') => look = Some((true, false)),
                Some('<') if self.eat('!') => look = Some((true, true)),
                Some('<') => {
                    // A named group: the name is not needed to test a match.
                    loop {
                        match self.chars.next() {
                            Some('>') => break,
                            Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => {}
                            _ => return Err("an invalid group name".into()),
                        }
                    }
                }
                _ => return Err("an invalid group".into()),
            }
        }
        let inner = self.alternation()?;
        if !self.eat(')') {
            return Err("an unclosed group".into());
        }
        self.depth -= 1;
        Ok(match look {
            Some((behind, negate)) => Node::Look {
                node: Box::new(inner),
                behind,
                negate,
            },
            None => inner,
        })
    }

    fn class(&mut self) -> Parsed<Class> {
        let mut class = Class {
            negated: self.eat('^'),
            ..Class::default()
        };
        loop {
            let Some(c) = self.chars.next() else {
                return Err("an unclosed character class".into());
            };
            let start = match c {
                ']' => return Ok(class),
                '\\' => match self.escape(true)? {
                    Node::Char(c) => c,
                    Node::Class(perl) => {
                        class.perl.extend(perl.perl);
                        continue;
                    }
                    _ => return Err("an invalid escape in a class".into()),
                },
                c => c,
            };
            let is_range = self.chars.peek() == Some(&'-')
                && self.chars.clone().nth(1).is_some_and(|n| n != ']');
            if !is_range {
                class.ranges.push((start, start));
                continue;
            }
            self.chars.next();
            let end = match self.chars.next() {
                Some('\\') => match self.escape(true)? {
                    Node::Char(c) => c,
                    _ => return Err("a class escape cannot end a range".into()),
                },
                Some(c) => c,
                None => return Err("an unclosed character class".into()),
            };
            if end < start {
                return Err("a range out of order in a character class".into());
            }
            class.ranges.push((start, end));
        }
    }

    /// After a backslash. Inside a class, `\b` is a backspace.
    fn escape(&mut self, in_class: bool) -> Parsed<Node> {
        let Some(c) = self.chars.next() else {
            return Err("a pattern may not end with a backslash".into());
        };
        let perl = |p: Perl| {
            Node::Class(Class {
                perl: vec![p],
                ..Class::default()
            })
        };
        Ok(match c {
            'd' => perl(Perl::Digit(true)),
            'D' => perl(Perl::Digit(false)),
            'w' => perl(Perl::Word(true)),
            'W' => perl(Perl::Word(false)),
            's' => perl(Perl::Space(true)),
            'S' => perl(Perl::Space(false)),
            'b' if in_class => Node::Char('\u{8}'),
            'b' => Node::Assert(Assertion::WordBoundary),
            'B' if !in_class => Node::Assert(Assertion::NotWordBoundary),
            't' => Node::Char('\t'),
            'n' => Node::Char('\n'),
            'r' => Node::Char('\r'),
            'v' => Node::Char('\u{b}'),
            'f' => Node::Char('\u{c}'),
            '0' if !self.chars.peek().is_some_and(|d| d.is_ascii_digit()) => Node::Char('\0'),
            '1'..='9' if !in_class => return Err("back-references are not supported".into()),
            'k' if self.chars.peek() == Some(&'<') => {
                return Err("back-references are not supported".into())
            }
            'x' => Node::Char(lower(self.hex(2)?)),
            'u' => Node::Char(lower(self.hex(4)?)),
            'c' => return Err("control escapes are not supported".into()),
            c if c.is_ascii_alphanumeric() => return Err(format!("an unknown escape \\{c}")),
            c => Node::Char(lower(c)),
        })
    }

    fn hex(&mut self, digits: usize) -> Parsed<char> {
        let text: String = (0..digits).filter_map(|_| self.chars.next()).collect();
        u32::from_str_radix(&text, 16)
            .ok()
            .filter(|_| text.len() == digits)
            .and_then(char::from_u32)
            .ok_or_else(|| "an invalid hex escape".to_owned())
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
        let mut parser = Parser {
            chars: source.chars().peekable(),
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

// ---- matching ----------------------------------------------------------------

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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

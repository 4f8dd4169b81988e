//! Reading a JavaScript pattern into a tree: alternation, groups and
//! look-arounds, quantifiers (a `{` that is no quantifier is a literal, as in
//! JavaScript), classes and escapes. Everything is lower-cased here, since
//! patterns are tested case-insensitively.

use super::{lower, Assertion, Class, Perl, MAX_NESTING, MAX_REPEAT};

#[derive(Debug, Clone)]
pub(super) enum Node {
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

pub(super) struct Parser<'a> {
    pub(super) chars: Cursor<'a>,
    pub(super) depth: usize,
}

/// The pattern's characters, decoded once. The parser steps through them
/// by index: stepping a `Chars` iterator decodes UTF-8 at each of the
/// parser's two dozen steps, and inlined there it made the parser the
/// largest function of the stand-down code.
#[derive(Clone)]
pub(super) struct Cursor<'a> {
    chars: &'a [char],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(chars: &'a [char]) -> Cursor<'a> {
        Cursor { chars, at: 0 }
    }

    fn peek(&self) -> Option<&'a char> {
        self.chars.get(self.at)
    }

    fn next_if_eq(&mut self, expected: &char) -> Option<char> {
        let c = *self.peek().filter(|c| *c == expected)?;
        self.at += 1;
        Some(c)
    }
}

impl Iterator for Cursor<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = *self.peek()?;
        self.at += 1;
        Some(c)
    }
}

pub(super) type Parsed<T> = Result<T, String>;

impl Parser<'_> {
    #[inline(never)]
    fn eat(&mut self, c: char) -> bool {
        self.chars.next_if_eq(&c).is_some()
    }

    pub(super) fn alternation(&mut self) -> Parsed<Node> {
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

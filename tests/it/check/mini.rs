//! A minimal reader of well-formed query text into an AST with real spans, for
//! the check's fixtures until `syntax::parse` lands on main. It knows only
//! the grammar of `query-language.md` and gives up (returns `None`) on
//! anything else; it is test support, not a parser to rely on.

use pcql::ast::*;
use pcql::span::Span;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Num(String),
    Str(String),
    Sym(&'static str),
}

fn lex(text: &str) -> Option<Vec<(Tok, Span)>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if text[i..].starts_with("--") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        let tok = if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            Tok::Word(text[start..i].to_string())
        } else if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            Tok::Num(text[start..i].to_string())
        } else if c == b'\'' {
            let mut v = String::new();
            i += 1;
            loop {
                let rest = text.get(i..)?;
                let q = rest.find('\'')?;
                v.push_str(&rest[..q]);
                i += q + 1;
                if b.get(i) == Some(&b'\'') {
                    v.push('\'');
                    i += 1;
                } else {
                    break;
                }
            }
            Tok::Str(v)
        } else {
            let sym = ["!=", ">=", "<=", "=", ">", "<", ",", "(", ")", ";"]
                .into_iter()
                .find(|s| text[i..].starts_with(s))?;
            i += sym.len();
            Tok::Sym(sym)
        };
        out.push((tok, Span::new(start, i)));
    }
    Some(out)
}

struct P {
    toks: Vec<(Tok, Span)>,
    pos: usize,
}

impl P {
    fn peek_kw(&self, kw: &str) -> bool {
        matches!(self.toks.get(self.pos), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case(kw))
    }
    fn kw(&mut self, kw: &str) -> Option<Span> {
        self.peek_kw(kw).then(|| {
            self.pos += 1;
            self.toks[self.pos - 1].1
        })
    }
    fn sym(&mut self, s: &str) -> Option<Span> {
        match self.toks.get(self.pos) {
            Some((Tok::Sym(x), sp)) if *x == s => {
                self.pos += 1;
                Some(*sp)
            }
            _ => None,
        }
    }
    fn ident(&mut self) -> Option<Ident> {
        match self.toks.get(self.pos)? {
            (Tok::Word(w), sp) => {
                self.pos += 1;
                Some(Ident {
                    name: w.clone().into(),
                    span: *sp,
                })
            }
            _ => None,
        }
    }
    fn last_end(&self) -> usize {
        self.toks[self.pos - 1].1.end
    }
    fn literal(&mut self) -> Option<Literal> {
        let (t, sp) = self.toks.get(self.pos)?.clone();
        self.pos += 1;
        match t {
            Tok::Num(n) => Some(Literal::Number(Number {
                text: n.into(),
                span: sp,
            })),
            Tok::Str(s) => Some(Literal::String(StringLit {
                value: s.into(),
                span: sp,
            })),
            _ => None,
        }
    }
    fn op(&mut self) -> Option<(Operator, Span)> {
        for (s, op) in [
            ("=", Operator::Eq),
            ("!=", Operator::Ne),
            (">", Operator::Gt),
            ("<", Operator::Lt),
            (">=", Operator::Ge),
            ("<=", Operator::Le),
        ] {
            if let Some(sp) = self.sym(s) {
                return Some((op, sp));
            }
        }
        if let Some(sp) = self.kw("LIKE") {
            return Some((Operator::Like, sp));
        }
        if let Some(sp) = self.kw("IN") {
            return Some((Operator::In, sp));
        }
        let not = self.kw("NOT")?;
        if let Some(sp) = self.kw("LIKE") {
            return Some((Operator::NotLike, not.to(sp)));
        }
        let sp = self.kw("IN")?;
        Some((Operator::NotIn, not.to(sp)))
    }
    fn value(&mut self) -> Option<Value> {
        let Some(open) = self.sym("(") else {
            return self.literal().map(Value::Literal);
        };
        let mut items = vec![self.literal()?];
        while self.sym(",").is_some() {
            items.push(self.literal()?);
        }
        let close = self.sym(")")?;
        Some(Value::List(List {
            items,
            span: open.to(close),
        }))
    }
}

/// The query of `text` (one query, optional `;`, `--` comments), or `None`.
pub fn parse(text: &str) -> Option<Query> {
    let mut p = P {
        toks: lex(text)?,
        pos: 0,
    };
    let mut q = Query::default();
    let sel = p.kw("SELECT")?;
    q.distinct = p.kw("DISTINCT").is_some();
    q.select.push(p.ident()?);
    while p.sym(",").is_some() {
        q.select.push(p.ident()?);
    }
    q.clauses.select = Some(sel.to(Span::empty(p.last_end())));
    let from = p.kw("FROM")?;
    q.from = Some(p.ident()?);
    q.clauses.from = Some(from.to(Span::empty(p.last_end())));
    if let Some(w) = p.kw("WHERE") {
        loop {
            let column = p.ident()?;
            let (op, op_span) = p.op()?;
            let value = p.value()?;
            let span = column.span.to(value.span());
            q.filters.push(Condition {
                column,
                op,
                op_span,
                value,
                span,
            });
            if p.kw("AND").is_none() {
                break;
            }
        }
        q.clauses.where_ = Some(w.to(Span::empty(p.last_end())));
    }
    if let Some(o) = p.kw("ORDER") {
        p.kw("BY")?;
        loop {
            let column = p.ident()?;
            let (direction, direction_span) = if let Some(s) = p.kw("ASC") {
                (Some(Direction::Asc), Some(s))
            } else if let Some(s) = p.kw("DESC") {
                (Some(Direction::Desc), Some(s))
            } else {
                (None, None)
            };
            let span = column.span.to(direction_span.unwrap_or(column.span));
            q.order_by.push(OrderKey {
                column,
                direction,
                direction_span,
                span,
            });
            if p.sym(",").is_none() {
                break;
            }
        }
        q.clauses.order_by = Some(o.to(Span::empty(p.last_end())));
    }
    if let Some(l) = p.kw("LIMIT") {
        let Literal::Number(value) = p.literal()? else {
            return None;
        };
        q.limit = Some(Limit {
            span: l.to(value.span),
            value,
        });
        q.clauses.limit = q.limit.as_ref().map(|l| l.span);
    }
    if let Some(t) = p.kw("TIMESPAN") {
        let name = p.ident()?;
        let name = Ident {
            name: name.name.to_ascii_uppercase(),
            span: name.span,
        };
        q.timespan = Some(Timespan {
            span: t.to(name.span),
            name,
        });
        q.clauses.timespan = q.timespan.as_ref().map(|t| t.span);
    }
    let end = p.last_end();
    p.sym(";");
    if p.pos != p.toks.len() {
        return None;
    }
    q.span = Span::new(sel.start, end);
    Some(q)
}

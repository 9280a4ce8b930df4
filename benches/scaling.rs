//! Scaling: how the time of the checks grows with the size of one query.
//!
//! For 1k, 10k and 100k items each case builds one input, times parse +
//! the Checker's check (or rendering, or fixing) and prints the exponent `k` of
//! the fit `time ∝ n^k` over the three sizes: 1 is linear, 2 quadratic.
//! The cases are the ones that were quadratic (issue 12): unknown names in
//! one SELECT (also inside a JSON body), names in the wrong case, `!=`
//! conditions on one column, positions of many diagnostics on one long
//! non-ASCII line, `check --fix` of n queries (the Checker's fix rounds), and
//! taking n fixes together. Criterion measures the 10k
//! size of each case as well.
//!
//! `cargo bench --bench scaling` (add `-- --exponents` to print only the fit).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use pcql::check::{Checker, FixMode, SourceKind};
use pcql::diagnostic::render::{FileDiagnostics, Origin, json_items};
use pcql::diagnostic::{Diagnostic, Edit, Fix, apply_fixes};
use pcql::schema::Catalog;
use pcql::span::Span;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn check_text(text: &str) -> Vec<Diagnostic> {
    Checker::new(Catalog::bundled()).check_as(SourceKind::Queries, text)
}

fn unknown_names(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("Nope{i}")).collect();
    format!(
        "SELECT {} FROM CustomersAndTenants TIMESPAN LAST_MONTH",
        names.join(", ")
    )
}

fn wrong_case(n: usize) -> String {
    // n conditions on a name written in lower case: one PQ2005 with n places.
    let conds: Vec<String> = (0..n)
        .map(|i| format!("customertenantid != 'v{i}'"))
        .collect();
    format!(
        "SELECT CustomerTenantId FROM CustomersAndTenants WHERE {} TIMESPAN LAST_MONTH",
        conds.join(" AND ")
    )
}

fn not_equal(n: usize) -> String {
    let conds: Vec<String> = (0..n)
        .map(|i| format!("CustomerTenantId != 'v{i}'"))
        .collect();
    format!(
        "SELECT CustomerTenantId FROM CustomersAndTenants WHERE {} TIMESPAN LAST_MONTH",
        conds.join(" AND ")
    )
}

fn body(n: usize) -> String {
    serde_json::json!({"Name": "q", "Description": "d", "Query": unknown_names(n)}).to_string()
}

/// A case: a name and what to run for size n (the input built outside the timing).
type Case = (&'static str, fn(usize) -> Box<dyn Fn()>);

fn cases() -> Vec<Case> {
    vec![
        ("unknown names in one SELECT", |n| {
            let t = unknown_names(n);
            Box::new(move || {
                black_box(check_text(&t));
            })
        }),
        ("names in the wrong case", |n| {
            let t = wrong_case(n);
            Box::new(move || {
                black_box(check_text(&t));
            })
        }),
        ("!= conditions on one column", |n| {
            let t = not_equal(n);
            Box::new(move || {
                black_box(check_text(&t));
            })
        }),
        ("unknown names in a JSON body", |n| {
            let t = body(n);
            Box::new(move || {
                let checker = Checker::new(Catalog::bundled()).with_now(1_780_000_000);
                black_box(checker.check_as(SourceKind::Body, &t));
            })
        }),
        ("positions of diagnostics on one non-ASCII line", |n| {
            let text = "é, ".repeat(n);
            let diags: Vec<Diagnostic> = (0..n)
                .map(|i| {
                    Diagnostic::new(
                        pcql::diagnostic::Code::UnknownName,
                        Span::new(i * 4, i * 4 + 2),
                        "m",
                    )
                })
                .collect();
            Box::new(move || {
                let f = FileDiagnostics {
                    file: "f",
                    source: &text,
                    diagnostics: &diags,
                    origin: Origin::default(),
                };
                black_box(json_items(&f));
            })
        }),
        ("check --fix of n queries in lower case", |n| {
            let text =
                "select customername from customersandtenants timespan last_month;\n".repeat(n);
            Box::new(move || {
                let fixed = Checker::new(Catalog::bundled()).fix(&text, FixMode::Safe);
                black_box(fixed);
            })
        }),
        ("taking n fixes together", |n| {
            let text = "x ".repeat(n);
            let fixes: Vec<Fix> = (0..n)
                .map(|i| Fix::safe("f", vec![Edit::replace(Span::new(i * 2, i * 2 + 1), "y")]))
                .collect();
            Box::new(move || {
                black_box(apply_fixes(&text, &fixes).unwrap());
            })
        }),
    ]
}

/// The best of a few runs (at least one, at most ~2 s of runs).
fn best(f: &dyn Fn()) -> Duration {
    let mut best = Duration::MAX;
    let start = Instant::now();
    for _ in 0..5 {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        if start.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    best
}

/// The least-squares slope of log(time) over log(n).
fn exponent(points: &[(usize, Duration)]) -> f64 {
    let xs: Vec<f64> = points.iter().map(|p| (p.0 as f64).ln()).collect();
    let ys: Vec<f64> = points
        .iter()
        .map(|p| p.1.as_secs_f64().max(1e-9).ln())
        .collect();
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let var: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    cov / var
}

fn main() {
    let only_exponents = std::env::args().any(|a| a == "--exponents");
    println!("scaling (time ∝ n^k over n = 1k, 10k, 100k):");
    for (name, make) in cases() {
        let points: Vec<(usize, Duration)> = SIZES.iter().map(|&n| (n, best(&*make(n)))).collect();
        let times: Vec<String> = points
            .iter()
            .map(|(n, t)| format!("{n}: {t:.2?}"))
            .collect();
        println!(
            "  k = {:.2}  {name}  ({})",
            exponent(&points),
            times.join(", ")
        );
    }
    if only_exponents {
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("scaling/10k");
    g.sample_size(10);
    for (name, make) in cases() {
        let f = make(10_000);
        g.bench_function(name, |b| b.iter(&f));
    }
    g.finish();
    c.final_summary();
}

//! The education report as it prints: the demo report, printed to PDF by Chromium (A4, as
//! README suggests), has at most 10 % near-empty pages — content over less than a third of
//! the page's writing area — in both languages and both orders.
//!
//! Needs `chromium` and `pdftoppm` (Debian: `apt-get install chromium poppler-utils`);
//! ignored by a plain `cargo test`, run by `.ci/run` with
//! `cargo test --test integration print -- --ignored`.

use std::path::Path;
use std::process::Command;

use crate::util::Env;

/// The page margins of the report's `@page` rule (top, bottom) in mm, on A4's 297 mm.
const MARGINS_MM: (f64, f64) = (18.0, 20.0);

/// How far down its writing area each page of `pdf` is covered (0 = blank, 1 = full): the
/// last row with ink, measured between the margins (which hold only header and page number).
fn coverage(env: &Env, pdf: &Path) -> Vec<f64> {
    let prefix = env.path("page");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "20"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(status.success());
    let mut pages: Vec<_> = std::fs::read_dir(prefix.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pages.sort();
    let covered = pages
        .iter()
        .map(|page| {
            let bytes = std::fs::read(page).unwrap();
            // Binary PGM: "P5", width, height, maximum, then one byte per pixel.
            let mut fields = bytes.splitn(5, u8::is_ascii_whitespace);
            assert_eq!(fields.next(), Some(&b"P5"[..]));
            let mut number = || -> usize {
                std::str::from_utf8(fields.next().unwrap())
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            let (width, height, _) = (number(), number(), number());
            let pixels = &bytes[bytes.len() - width * height..];
            let top = (height as f64 * MARGINS_MM.0 / 297.0).ceil() as usize + 1;
            let bottom = height - (height as f64 * MARGINS_MM.1 / 297.0).ceil() as usize - 1;
            let last = (top..bottom).rev().find(|row| {
                pixels[row * width..(row + 1) * width]
                    .iter()
                    .any(|&p| p < 200)
            });
            last.map_or(0.0, |row| (row - top + 1) as f64 / (bottom - top) as f64)
        })
        .collect();
    for page in pages {
        std::fs::remove_file(page).unwrap();
    }
    covered
}

#[test]
#[ignore = "needs chromium and pdftoppm; .ci/run runs it"]
fn the_demo_report_prints_with_few_near_empty_pages() {
    let env = Env::new();
    let project = env.demo();
    for (lang, order) in [("de", "goals"), ("en", "goals"), ("de", "areas")] {
        let html = env.path(&format!("bericht-{lang}-{order}.html"));
        env.report(&project, &html, lang, &["--order", order]);
        let pdf = env.path(&format!("bericht-{lang}-{order}.pdf"));
        let output = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("chromium runs (apt-get install chromium)");
        assert!(pdf.exists(), "{}", String::from_utf8_lossy(&output.stderr));
        let pages = coverage(&env, &pdf);
        let near_empty: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, c)| **c < 1.0 / 3.0)
            .map(|(n, _)| n + 1)
            .collect();
        println!(
            "{lang}, by {order}: {} pages, {} near-empty {near_empty:?}",
            pages.len(),
            near_empty.len()
        );
        assert!(pages.len() >= 20, "{lang} {order}: {} pages", pages.len());
        assert!(
            near_empty.len() * 10 <= pages.len(),
            "{lang} {order}: near-empty pages {near_empty:?} of {}",
            pages.len()
        );
    }
}

/// The Word report opens cleanly in LibreOffice: converted to PDF by its own converter it
/// has the pages, headings, numbered figures and the contents' page numbers, and no field
/// shows an error.
#[test]
#[ignore = "needs LibreOffice (soffice) and pdftotext; .ci/run runs it"]
fn the_word_report_converts_cleanly_in_libreoffice() {
    let env = Env::new();
    let project = env.demo();
    let docx = env.path("bericht.docx");
    env.report(&project, &docx, "de", &[]);
    let output = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(env.path(""))
        .arg(&docx)
        // LibreOffice keeps its profile in HOME: a fresh one per test.
        .env("HOME", env.path("home"))
        .output()
        .expect("soffice runs (apt-get install libreoffice-writer-nogui)");
    let pdf = env.path("bericht.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    let pages = text.matches('\u{c}').count();
    println!("the Word report in LibreOffice: {pages} pages");
    assert!(pages >= 20, "{pages} pages");
    for expected in ["Inhalt", "Abbildung 1:", "Tabelle 1:", "Quelle:", "Akteure"] {
        assert!(text.contains(expected), "{expected}");
    }
    for broken in ["Error", "Fehler!", "PAGEREF", "TOC \\o"] {
        assert!(!text.contains(broken), "the PDF shows {broken}");
    }
    // The contents give page numbers: a line ending in dots and a number.
    assert!(
        text.lines()
            .any(|l| l.contains("....") && l.trim_end().ends_with(char::is_numeric)),
        "page numbers in the contents"
    );
}

//! `shoptrip-catalog check FILE [--region US]`: a catalog publisher's check,
//! on the validator the extension itself runs, so a feed's problems show up
//! here before shoppers' extensions refuse it. Prints every problem (store
//! id, field, why) and exits 1 for a refused catalog; prints the counts
//! (stores, domains, offers, boosts running now) for a good one.
//!
//!     cargo run --release --bin shoptrip-catalog -- check extension/catalogs/us.json

use clap::{Parser, Subcommand};
use shoptrip::catalog::{check, suffixes};
use std::path::PathBuf;
use std::process::ExitCode;

/// Debian's copy of the Public Suffix List (package `publicsuffix`), the one
/// `./build.sh` ships in the extension.
const DEBIAN_LIST: &str = "/usr/share/publicsuffix/public_suffix_list.dat";

#[derive(Parser)]
#[command(
    name = "shoptrip-catalog",
    version,
    about = "Checks a ShopTrip partner catalog (CATALOG.md) as the extension will"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validates FILE whole: every problem, or what it holds.
    Check {
        /// The catalog, a JSON file.
        file: PathBuf,
        /// The region the feed is for (the extension refuses another).
        #[arg(long)]
        region: Option<String>,
        /// The Public Suffix List: a domain entry that is a public suffix is refused.
        #[arg(long, default_value = DEBIAN_LIST)]
        public_suffix_list: PathBuf,
    },
}

fn main() -> ExitCode {
    let Command::Check {
        file,
        region,
        public_suffix_list,
    } = Cli::parse().command;
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let list = match std::fs::read_to_string(&public_suffix_list)
        .map_err(|e| e.to_string())
        .and_then(|text| suffixes::parse_list(&text))
    {
        Ok(list) => list,
        Err(e) => {
            eprintln!("{}: {e}", public_suffix_list.display());
            return ExitCode::from(2);
        }
    };
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    match check::check(&text, region.as_deref(), Some(&list), now_ms) {
        Ok(counts) => {
            println!(
                "{}: valid: {} stores, {} domains, {} offers, {} boosts active now",
                file.display(),
                counts.stores,
                counts.domains,
                counts.offers,
                counts.boosts_active
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            println!("{}: refused: {} problems", file.display(), problems.len());
            ExitCode::from(1)
        }
    }
}

//! `shoptrip-catalog check FILE [--region US]`: a catalog publisher's check,
//! on the validator the extension itself runs, so a feed's problems show up
//! here before shoppers' extensions refuse it. Prints every problem (store
//! id, field, why) and exits 1 for a refused catalog; prints the counts
//! (stores, domains, offers, boosts running now) for a good one.
//!
//! `shoptrip-catalog check-publisher FILE`: the same for a publisher's
//! profile (PUBLISHER.md) and the files it names (its icon, each region's
//! catalog, checked as feeds are); the package build runs it first.
//!
//!     cargo run --release --bin shoptrip-catalog -- check extension/catalogs/us.json
//!     cargo run --release --bin shoptrip-catalog -- check-publisher publisher.json

use clap::{Parser, Subcommand};
use shoptrip::catalog::{check, suffixes};
use shoptrip::publisher::Profile;
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
    /// Validates a publisher profile and the files it names: every problem
    /// (field, why), or its summary.
    CheckPublisher {
        /// The profile, `publisher.json`.
        file: PathBuf,
        /// The Public Suffix List the regions' catalogs are checked against.
        #[arg(long, default_value = DEBIAN_LIST)]
        public_suffix_list: PathBuf,
    },
}

fn read_list(path: &PathBuf) -> Result<suffixes::SuffixList, ExitCode> {
    std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| suffixes::parse_list(&text))
        .map_err(|e| {
            eprintln!("{}: {e}", path.display());
            ExitCode::from(2)
        })
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check {
            file,
            region,
            public_suffix_list,
        } => check_catalog(&file, region.as_deref(), &public_suffix_list),
        Command::CheckPublisher {
            file,
            public_suffix_list,
        } => check_publisher(&file, &public_suffix_list),
    }
}

fn check_publisher(file: &PathBuf, public_suffix_list: &PathBuf) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let list = match read_list(public_suffix_list) {
        Ok(list) => list,
        Err(code) => return code,
    };
    let folder = file.parent().map(PathBuf::from).unwrap_or_default();
    let read = |path: &str| std::fs::read(folder.join(path)).map_err(|e| e.to_string());
    let checked = Profile::parse(&text)
        .and_then(|profile| profile.check_files(&read, Some(&list)).map(|()| profile));
    match checked {
        Ok(profile) => {
            let regions: Vec<&str> = profile.regions.iter().map(|r| r.region.as_str()).collect();
            let programs: Vec<&str> = profile
                .programs
                .iter()
                .map(|p| p.program.as_str())
                .collect();
            println!(
                "{}: valid: {} ({}), regions {}, programs {}, account {}, trip reports {}",
                file.display(),
                profile.name,
                profile.id,
                regions.join(" "),
                programs.join(" "),
                if profile.account.is_some() {
                    "yes"
                } else {
                    "no"
                },
                if profile.trips.is_some() { "yes" } else { "no" },
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            for problem in &e.problems {
                println!("{problem}");
            }
            println!("{}: refused: {} problems", file.display(), e.problems.len());
            ExitCode::from(1)
        }
    }
}

fn check_catalog(file: &PathBuf, region: Option<&str>, public_suffix_list: &PathBuf) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let list = match read_list(public_suffix_list) {
        Ok(list) => list,
        Err(code) => return code,
    };
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    match check::check(&text, region, Some(&list), now_ms) {
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

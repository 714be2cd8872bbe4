use std::fs::File;
use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::bundled;
use crate::model::Estimate;

fn paper() -> Pathway {
    bundled::CURRENT_PAPER.load().unwrap().pathway
}

fn entry(pathway: Pathway, path: Option<&Path>, unsaved: bool) -> Entry {
    Entry {
        pathway,
        path: path.map(Path::to_path_buf),
        disk: None,
        unsaved,
    }
}

fn record(written_unix_secs: u64, current: Entry) -> Record {
    Record {
        format: RECOVERY_FORMAT,
        written_unix_secs,
        current,
        comparison: entry(
            bundled::BEST_PRACTICE_ERS.load().unwrap().pathway,
            None,
            false,
        ),
        more_options: Vec::new(),
        viewed: Default::default(),
    }
}

#[test]
fn a_record_of_several_options_round_trips_and_an_old_one_still_reads() {
    let mut several = record(
        5,
        entry(bundled::CURRENT_PAPER.load().unwrap().pathway, None, true),
    );
    several.more_options.push(entry(
        bundled::BEST_PRACTICE_ERS_RAS.load().unwrap().pathway,
        Some(Path::new("/tmp/ras.ron")),
        true,
    ));
    several.more_options[0].disk = Some(Fingerprint {
        len_bytes: 10,
        modified_unix_ns: None,
        fnv1a64: 7,
    });
    let text = several.to_ron().unwrap();
    assert!(text.contains("more_options"));
    let back = Record::from_ron(&text, Path::new("r.ron")).unwrap();
    assert_eq!(back, several);
    assert_eq!(back.entries().count(), 3);
    // A record of two pathways leaves the field out, and reads back without it.
    let two = record(
        5,
        entry(bundled::CURRENT_PAPER.load().unwrap().pathway, None, true),
    );
    let text = two.to_ron().unwrap();
    assert!(!text.contains("more_options"));
    assert_eq!(Record::from_ron(&text, Path::new("r.ron")).unwrap(), two);
}

#[test]
fn fnv1a64_matches_the_published_test_vectors() {
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn a_fingerprint_sees_changed_contents_but_not_a_touch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    std::fs::write(&path, "abc").unwrap();
    let before = Fingerprint::of_file(&path).unwrap();
    assert_eq!(before.len_bytes, 3);
    assert_eq!(before.fnv1a64, fnv1a64(b"abc"));
    assert!(!before.differs_from(&Fingerprint::of_file(&path).unwrap()));

    // Touched: a new time, the same bytes.
    let file = File::options().write(true).open(&path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(1_000_000))
        .unwrap();
    drop(file);
    let touched = Fingerprint::of_file(&path).unwrap();
    assert_ne!(touched.modified_unix_ns, before.modified_unix_ns);
    assert!(!before.differs_from(&touched), "same bytes, same file");

    // Same length, different bytes, and the same time as before.
    std::fs::write(&path, "abd").unwrap();
    let file = File::options().write(true).open(&path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(1_000_000))
        .unwrap();
    drop(file);
    let edited = Fingerprint::of_file(&path).unwrap();
    assert_eq!(edited.modified_unix_ns, touched.modified_unix_ns);
    assert!(touched.differs_from(&edited), "the hash tells");

    std::fs::write(&path, "abcd").unwrap();
    assert!(before.differs_from(&Fingerprint::of_file(&path).unwrap()));
}

#[test]
fn a_record_round_trips_even_with_a_pathway_that_has_errors() {
    let mut broken = paper();
    broken.steps[0].touch_minutes = Estimate::range(5.0, 2.0, 1.0);
    broken.steps[1].next.clear();
    broken.annual_referrals = -3.0;
    let mut current = entry(broken, Some(Path::new("/tmp/derm clinic.ron")), true);
    current.disk = Some(Fingerprint {
        len_bytes: 9963,
        modified_unix_ns: Some(1_764_497_000_123_456_789),
        fnv1a64: u64::MAX,
    });
    let rec = record(1_764_497_100, current);
    let text = rec.to_ron().unwrap();
    assert!(text.contains("written_unix_secs: 1764497100"), "{text}");
    assert_eq!(Record::from_ron(&text, Path::new("r.ron")).unwrap(), rec);
}

#[test]
fn a_damaged_record_is_an_error_with_its_line_and_column() {
    let text = "(\n    format: 1,\n    written_unix_secs: soon,\n)";
    match Record::from_ron(text, Path::new("/data/recovery-1.ron")) {
        Err(e @ RecoveryError::Damaged { line: 3, col, .. }) => {
            assert!(col > 1);
            assert!(e.to_string().ends_with("(/data/recovery-1.ron)"), "{e}");
        }
        other => panic!("expected damage at line 3, got {other:?}"),
    }
    let newer = record(1, entry(paper(), None, true))
        .to_ron()
        .unwrap()
        .replacen("format: 1", "format: 2", 1);
    assert!(matches!(
        Record::from_ron(&newer, Path::new("r.ron")),
        Err(RecoveryError::Newer { found: 2, .. })
    ));
}

#[test]
fn files_changed_after_the_record_make_it_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    std::fs::write(&path, "x").unwrap();
    let file = File::options().write(true).open(&path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(2_000))
        .unwrap();
    drop(file);
    let rec = |secs| record(secs, entry(paper(), Some(&path), true));
    assert!(rec(2_000).files_changed_since().is_empty(), "same second");
    assert!(rec(2_001).files_changed_since().is_empty());
    assert_eq!(rec(1_999).files_changed_since(), vec![path.clone()]);
    let gone = record(1, entry(paper(), Some(&dir.path().join("gone.ron")), true));
    assert!(
        gone.files_changed_since().is_empty(),
        "a missing file is no newer"
    );
}

#[test]
fn running_apps_keep_their_files_and_a_finished_one_leaves_an_orphan() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::open(dir.path(), "1-100").unwrap();
    let second = Store::open(dir.path(), "2-200").unwrap();
    assert_eq!(first.path(), dir.path().join("recovery-1-100.ron"));
    let text = record(5, entry(paper(), None, true)).to_ron().unwrap();
    Store::write(first.path(), &text).unwrap();
    Store::write(second.path(), &text).unwrap();
    assert!(first.orphans().is_empty(), "the second app is running");
    assert!(second.orphans().is_empty(), "the first app is running");

    // The first app ends without removing its file, as after a crash.
    let first_file = first.path().to_path_buf();
    drop(first);
    let third = Store::open(dir.path(), "3-300").unwrap();
    let orphans = third.orphans();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(orphans[0].path, first_file);
    assert_eq!(read_left(&orphans[0]).unwrap().written_unix_secs, 5);
    // While the third app holds it, a fourth is not offered it too.
    let fourth = Store::open(dir.path(), "4-400").unwrap();
    assert!(fourth.orphans().is_empty());
    drop(orphans);
    assert_eq!(fourth.orphans().len(), 1);
}

#[test]
fn orphans_come_newest_first_and_are_adopted_discarded_or_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    for (name, secs) in [("10-1", 1_000), ("11-1", 3_000), ("12-1", 2_000)] {
        let path = dir.path().join(format!("recovery-{name}.ron"));
        std::fs::write(
            &path,
            record(secs, entry(paper(), None, true)).to_ron().unwrap(),
        )
        .unwrap();
        let file = File::options().write(true).open(&path).unwrap();
        file.set_modified(UNIX_EPOCH + Duration::from_secs(secs))
            .unwrap();
    }
    std::fs::write(dir.path().join("notes.ron"), "not ours").unwrap();
    let store = Store::open(dir.path(), "20-1").unwrap();
    let orphans = store.orphans();
    let names: Vec<_> = orphans
        .iter()
        .map(|o| o.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "recovery-11-1.ron",
            "recovery-12-1.ron",
            "recovery-10-1.ron"
        ]
    );
    let mut orphans = orphans.into_iter();
    let newest = orphans.next().unwrap();
    newest.adopt(&store).unwrap();
    assert_eq!(
        Record::from_ron(
            &std::fs::read_to_string(store.path()).unwrap(),
            store.path()
        )
        .unwrap()
        .written_unix_secs,
        3_000
    );
    orphans.next().unwrap().discard().unwrap();
    let aside = orphans.next().unwrap().set_aside("damaged").unwrap();
    assert_eq!(aside, dir.path().join("recovery-10-1.ron.damaged"));
    assert!(aside.exists());
    assert!(store.orphans().is_empty(), "nothing is offered twice");
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "notes.ron",
            "recovery-10-1.ron.damaged",
            "recovery-20-1.lock",
            "recovery-20-1.ron"
        ]
    );
    Store::remove(store.path()).unwrap();
    Store::remove(store.path()).unwrap();
    drop(store);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_file_named_without_a_fingerprint_is_forgotten_so_saving_asks_where() {
    let named = entry(paper(), Some(Path::new("/home/me/derm.ron")), false);
    let text = record(5, named).to_ron().unwrap();
    let read = Record::from_ron(&text, Path::new("r.ron")).unwrap();
    assert_eq!(read.current.path, None);
    assert!(read.current.unsaved, "the work is still to be saved");
    assert_eq!(read.current.pathway, paper());
}

#[test]
fn the_newest_of_thousands_of_records_is_offered_and_no_lock_files_are_left() {
    let dir = tempfile::tempdir().unwrap();
    let text = record(5, entry(paper(), None, true)).to_ron().unwrap();
    for i in 0..3_000u64 {
        let path = dir.path().join(format!("recovery-{i}-1.ron"));
        std::fs::write(&path, &text).unwrap();
        let file = File::options().write(true).open(&path).unwrap();
        file.set_modified(UNIX_EPOCH + Duration::from_secs(1_000_000 + i))
            .unwrap();
    }
    // A lock file left by an app that ended with nothing unsaved.
    std::fs::write(dir.path().join("recovery-77777-1.lock"), "").unwrap();
    let store = Store::open(dir.path(), "9999-1").unwrap();
    let orphans = store.orphans();
    assert_eq!(orphans.len(), MAX_ORPHANS);
    assert_eq!(orphans[0].path, dir.path().join("recovery-2999-1.ron"));
    assert_eq!(orphans[1].path, dir.path().join("recovery-2998-1.ron"));
    drop(orphans);
    let locks: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".lock"))
        .collect();
    assert_eq!(locks, ["recovery-9999-1.lock"], "only this app's own lock");
}

#[cfg(unix)]
#[test]
fn pipes_and_links_to_devices_in_the_folder_are_not_records() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("recovery-1-1.ron")).unwrap();
    let fifo = dir.path().join("recovery-2-1.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let good = dir.path().join("recovery-3-1.ron");
    std::fs::write(
        &good,
        record(5, entry(paper(), None, true)).to_ron().unwrap(),
    )
    .unwrap();
    let store = Store::open(dir.path(), "4-1").unwrap();
    let orphans = store.orphans();
    let paths: Vec<_> = orphans.iter().map(|o| o.path.clone()).collect();
    assert_eq!(paths, [good]);
    assert_eq!(read_left(&orphans[0]).unwrap().written_unix_secs, 5);
    // A fingerprint of a pipe is refused instead of waiting for a writer.
    assert!(Fingerprint::of_file(&fifo).is_err());
}

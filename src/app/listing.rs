//! The file list of an open project, kept in memory so paging through 100,000 files
//! stays fast: rows are loaded once per committed scan (without profiles), the path
//! order is computed once, and each filter/sort combination is computed once and then
//! served page by page.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::ipc::{
    CatalogError, CatalogFile, CatalogOverview, CatalogTotals, FileSort, FileSortKey, FilesFilter,
    FilesPage, FilesQuery, FormatCount, ScanInfo, SortDir,
};
use crate::catalog::rfc3339_from_ns;
use crate::i18n::Lang;
use crate::scan::issue_message;
use crate::store::browse::{self, ListedFile};
use crate::store::{Project, inventory};

/// Most rows one page returns.
pub(crate) const MAX_PAGE: u32 = 1_000;

/// Filter/sort orders kept at once (the UI uses one or two at a time).
const ORDERS_KEPT: usize = 6;

struct Row {
    file: ListedFile,
    root: u32,
    /// Lower-case path for the text filter.
    lower: String,
    /// Position in path order.
    path_rank: u32,
    /// Index of the original when this file is a duplicate.
    duplicate_of: Option<u32>,
    code_systems: Vec<String>,
}

type OrderKey = (FilesFilter, FileSort);

/// The cached list; built by [`Listing::load`] and replaced when the stamp changes.
pub(crate) struct Listing {
    /// The inventory stamp it was built from.
    pub(super) stamp: (i64, String),
    roots: Vec<String>,
    scan: Option<ScanInfo>,
    rows: Vec<Row>,
    totals: CatalogTotals,
    formats: Vec<FormatCount>,
    orders: Mutex<Vec<(OrderKey, Arc<Vec<u32>>)>>,
}

impl Listing {
    /// Loads the list of `project` as of `stamp`.
    pub(super) async fn load(
        project: &Project,
        stamp: (i64, String),
    ) -> crate::store::Result<Listing> {
        let mut conn = project.pool().acquire().await?;
        let roots = inventory::roots(&mut conn).await?;
        let root_index: HashMap<i64, u32> = roots
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i as u32))
            .collect();
        let files = browse::listed_files(&mut conn).await?;

        let scan = latest_scan(&mut conn).await?;
        drop(conn);
        Ok(Self::build(
            stamp,
            roots.into_iter().map(|r| r.path).collect(),
            &root_index,
            scan,
            files,
        ))
    }

    fn build(
        stamp: (i64, String),
        roots: Vec<String>,
        root_index: &HashMap<i64, u32>,
        scan: Option<ScanInfo>,
        files: Vec<ListedFile>,
    ) -> Listing {
        let by_id: HashMap<i64, u32> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id, i as u32))
            .collect();
        let mut rows: Vec<Row> = files
            .into_iter()
            .map(|f| Row {
                root: root_index.get(&f.root_id).copied().unwrap_or(0),
                lower: f.rel_path.to_lowercase(),
                path_rank: 0,
                duplicate_of: f.duplicate_of.and_then(|id| by_id.get(&id).copied()),
                code_systems: f
                    .code_systems
                    .as_deref()
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or_default(),
                file: f,
            })
            .collect();
        // Path order once: roots in scan order, then paths as people sort them.
        let keys: Vec<String> = rows
            .par_iter()
            .map(|r| sort_key(&r.file.rel_path))
            .collect();
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
            ra.root
                .cmp(&rb.root)
                .then_with(|| keys[a as usize].cmp(&keys[b as usize]))
                .then_with(|| ra.file.rel_path.cmp(&rb.file.rel_path))
        });
        for (rank, &i) in order.iter().enumerate() {
            rows[i as usize].path_rank = rank as u32;
        }

        let mut totals = CatalogTotals::default();
        let mut formats: HashMap<&str, (u64, u64)> = HashMap::new();
        for r in &rows {
            let size = r.file.size.max(0) as u64;
            totals.files += 1;
            totals.bytes += size;
            if r.duplicate_of.is_some() {
                totals.duplicates += 1;
                totals.duplicate_bytes += size;
            }
            if !r.file.readable {
                totals.errors += 1;
            }
            totals.personal_files += u64::from(r.file.personal_data);
            totals.health_files += u64::from(r.file.special_category);
            let f = formats.entry(&r.file.format).or_default();
            f.0 += 1;
            f.1 += size;
        }
        let mut formats: Vec<FormatCount> = formats
            .into_iter()
            .map(|(format, (files, bytes))| FormatCount {
                format: format.to_owned(),
                files,
                bytes,
            })
            .collect();
        formats.sort_by(|a, b| b.files.cmp(&a.files).then(a.format.cmp(&b.format)));

        Listing {
            stamp,
            roots,
            scan,
            rows,
            totals,
            formats,
            orders: Mutex::new(Vec::new()),
        }
    }

    /// Totals, formats, roots and the latest scan.
    pub(super) fn overview(&self) -> CatalogOverview {
        CatalogOverview {
            roots: self.roots.clone(),
            scan: self.scan.clone(),
            totals: self.totals.clone(),
            formats: self.formats.clone(),
        }
    }

    /// Scanned folders, absolute.
    pub(super) fn roots(&self) -> &[String] {
        &self.roots
    }

    /// The latest scan.
    pub(super) fn scan(&self) -> Option<&ScanInfo> {
        self.scan.as_ref()
    }

    /// One page of files; messages in `lang`.
    pub(super) fn page(&self, query: &FilesQuery, lang: Lang) -> FilesPage {
        let order = self.order(&query.filter, query.sort);
        let start = (query.offset as usize).min(order.len());
        let end = start
            .saturating_add(query.limit.min(MAX_PAGE) as usize)
            .min(order.len());
        FilesPage {
            total: order.len() as u64,
            rows: order[start..end]
                .iter()
                .map(|&i| self.file(i as usize, lang))
                .collect(),
        }
    }

    /// Entries that could not be read, in path order.
    pub(super) fn errors(&self, lang: Lang) -> Vec<CatalogError> {
        let filter = FilesFilter {
            only_errors: true,
            ..FilesFilter::default()
        };
        let sort = FileSort {
            key: FileSortKey::Path,
            dir: SortDir::Asc,
        };
        self.order(&filter, sort)
            .iter()
            .map(|&i| &self.rows[i as usize].file)
            .filter_map(|f| {
                let code = f.error_code.clone()?;
                Some(CatalogError {
                    path: f.rel_path.clone(),
                    reason: issue_message(lang, &code, f.error_detail.as_deref()),
                    code,
                })
            })
            .collect()
    }

    fn file(&self, i: usize, lang: Lang) -> CatalogFile {
        let r = &self.rows[i];
        let f = &r.file;
        let duplicate_of = r.duplicate_of.map(|o| {
            let original = &self.rows[o as usize];
            if original.root == r.root {
                original.file.rel_path.clone()
            } else {
                let root = self.roots.get(original.root as usize).map_or("", |s| s);
                format!("{root}/{}", original.file.rel_path)
            }
        });
        CatalogFile {
            path: f.rel_path.clone(),
            root: r.root,
            size: f.size.max(0) as u64,
            modified: f.mtime_ns.and_then(rfc3339_from_ns),
            format: f.format.clone(),
            format_detail: f.format_detail.clone(),
            encoding: f.encoding.clone(),
            readable: f.readable,
            error: f
                .error_code
                .as_deref()
                .map(|code| issue_message(lang, code, f.error_detail.as_deref())),
            error_code: f.error_code.clone(),
            duplicate_of,
            personal_data: f.personal_data,
            special_category: f.special_category,
            code_systems: r.code_systems.clone(),
        }
    }

    /// The rows matching `filter` in `sort` order, computed once per combination.
    fn order(&self, filter: &FilesFilter, sort: FileSort) -> Arc<Vec<u32>> {
        let key = (filter.clone(), sort);
        if let Ok(mut orders) = self.orders.lock()
            && let Some(pos) = orders.iter().position(|(k, _)| *k == key)
        {
            let entry = orders.remove(pos);
            let order = Arc::clone(&entry.1);
            orders.push(entry);
            return order;
        }
        let text = filter.text.trim().to_lowercase();
        let mut order: Vec<u32> = (0..self.rows.len() as u32)
            .filter(|&i| {
                let r = &self.rows[i as usize];
                (text.is_empty() || r.lower.contains(&text))
                    && (filter.format.is_empty() || r.file.format == filter.format)
                    && (!filter.only_errors || !r.file.readable)
                    && (!filter.only_personal || r.file.personal_data)
            })
            .collect();
        let rank = |i: u32| self.rows[i as usize].path_rank;
        let cmp = |a: &u32, b: &u32| -> Ordering {
            let (ra, rb) = (&self.rows[*a as usize].file, &self.rows[*b as usize].file);
            let primary = match sort.key {
                FileSortKey::Path => Ordering::Equal,
                FileSortKey::Format => ra.format.cmp(&rb.format),
                FileSortKey::Size => ra.size.cmp(&rb.size),
                FileSortKey::Modified => ra.mtime_ns.cmp(&rb.mtime_ns),
            };
            let primary = match sort.dir {
                SortDir::Asc => primary,
                SortDir::Desc => primary.reverse(),
            };
            // Ties (and the path column itself) follow the path order in the same direction.
            primary.then_with(|| match sort.dir {
                SortDir::Asc => rank(*a).cmp(&rank(*b)),
                SortDir::Desc => rank(*b).cmp(&rank(*a)),
            })
        };
        order.sort_unstable_by(cmp);
        let order = Arc::new(order);
        if let Ok(mut orders) = self.orders.lock() {
            if orders.len() >= ORDERS_KEPT {
                orders.remove(0);
            }
            orders.push((key, Arc::clone(&order)));
        }
        order
    }
}

/// The sort key of a path: folded to lower case without accents, numbers padded to
/// equal width so they compare by value (`Bericht 2` before `Bericht 10`), and folder
/// separators below every other character, so plain string comparison gives the order
/// people expect.
fn sort_key(path: &str) -> String {
    // Paths are mostly ASCII: fold them with the standard library's bulk routines
    // and touch single bytes only to find numbers (measured: the per-character path
    // took 0.4 s for 100,000 paths in a debug build, this one a fraction).
    let folded = if path.is_ascii() {
        path.to_ascii_lowercase()
    } else {
        let mut out = String::with_capacity(path.len());
        for c in path.chars() {
            fold(c, &mut out);
        }
        out
    };
    let folded = folded.replace(['/', '\\'], "\u{1}");
    let bytes = folded.as_bytes();
    let mut key: Vec<u8> = Vec::with_capacity(bytes.len() + 32);
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            key.extend_from_slice(&bytes[copied..start]);
            let run = &bytes[start..i];
            let first = run.iter().position(|&b| b != b'0').unwrap_or(run.len() - 1);
            let digits = &run[first..];
            // Up to 20 digits compare by value; longer runs keep their order by length.
            key.extend(std::iter::repeat_n(
                b'0',
                20usize.saturating_sub(digits.len()),
            ));
            key.extend_from_slice(digits);
            copied = i;
        } else {
            i += 1;
        }
    }
    key.extend_from_slice(&bytes[copied..]);
    String::from_utf8(key).unwrap_or(folded)
}

/// Lower case without the accents of German and other Western European letters.
fn fold(c: char, out: &mut String) {
    match c {
        'ä' | 'Ä' | 'à' | 'á' | 'â' | 'À' | 'Á' | 'Â' => out.push('a'),
        'ö' | 'Ö' | 'ò' | 'ó' | 'ô' | 'Ò' | 'Ó' | 'Ô' => out.push('o'),
        'ü' | 'Ü' | 'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => out.push('u'),
        'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' => out.push('e'),
        'ß' => out.push_str("ss"),
        c => out.extend(c.to_lowercase()),
    }
}

/// The latest scan of a project with its counts, if there was one.
pub(super) async fn latest_scan(
    conn: &mut sqlx::SqliteConnection,
) -> crate::store::Result<Option<ScanInfo>> {
    Ok(match inventory::scans(&mut *conn).await?.pop() {
        Some(last) => Some(ScanInfo::from(crate::catalog::ScanInfo {
            id: last.id,
            counts: inventory::scan_counts(&mut *conn, last.id).await?,
            started_at: last.started_at,
            finished_at: last.finished_at,
            status: last.status,
        })),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: i64, path: &str, size: i64, format: &str) -> ListedFile {
        ListedFile {
            id,
            root_id: 1,
            rel_path: path.into(),
            size,
            mtime_ns: Some(id * 1_000_000_000),
            format: format.into(),
            format_detail: None,
            encoding: None,
            readable: true,
            error_code: None,
            error_detail: None,
            duplicate_of: None,
            personal_data: false,
            special_category: false,
            code_systems: None,
        }
    }

    fn listing(files: Vec<ListedFile>) -> Listing {
        let roots = HashMap::from([(1, 0)]);
        Listing::build(
            (1, "completed".into()),
            vec!["/share".into()],
            &roots,
            None,
            files,
        )
    }

    fn paths(page: &FilesPage) -> Vec<&str> {
        page.rows.iter().map(|r| r.path.as_str()).collect()
    }

    fn query(filter: FilesFilter, key: FileSortKey, dir: SortDir) -> FilesQuery {
        FilesQuery {
            offset: 0,
            limit: 100,
            filter,
            sort: FileSort { key, dir },
        }
    }

    #[test]
    fn paths_sort_as_people_expect() {
        let l = listing(vec![
            listed(1, "b/Bericht 10.csv", 5, "csv"),
            listed(2, "b/Bericht 2.csv", 9, "csv"),
            listed(3, "Übersicht.xlsx", 1, "xlsx"),
            listed(4, "a.txt", 7, "text"),
            listed(5, "b.txt", 3, "text"),
        ]);
        let all = FilesFilter::default();
        let page = l.page(
            &query(all.clone(), FileSortKey::Path, SortDir::Asc),
            Lang::De,
        );
        assert_eq!(
            paths(&page),
            [
                "a.txt",
                "b/Bericht 2.csv",
                "b/Bericht 10.csv",
                "b.txt",
                "Übersicht.xlsx"
            ]
        );
        let page = l.page(
            &query(all.clone(), FileSortKey::Size, SortDir::Desc),
            Lang::De,
        );
        assert_eq!(page.rows[0].size, 9);
        assert_eq!(page.rows[4].size, 1);
        let page = l.page(&query(all, FileSortKey::Format, SortDir::Asc), Lang::De);
        assert_eq!(
            paths(&page),
            [
                "b/Bericht 2.csv",
                "b/Bericht 10.csv",
                "a.txt",
                "b.txt",
                "Übersicht.xlsx"
            ]
        );
    }

    #[test]
    fn filters_combine_and_pages_stay_in_range() {
        let mut files: Vec<ListedFile> = (0..250)
            .map(|i| listed(i + 1, &format!("ordner/datei{i}.csv"), i, "csv"))
            .collect();
        files[7].readable = false;
        files[7].error_code = Some("permission_denied".into());
        files[9].personal_data = true;
        files.push(listed(900, "Kunden/Liste.xlsx", 1, "xlsx"));
        let l = listing(files);
        assert_eq!(l.overview().totals.files, 251);
        assert_eq!(l.overview().totals.errors, 1);
        assert_eq!(l.overview().formats[0].format, "csv");

        let text = FilesFilter {
            text: "  KUNDEN ".into(),
            ..FilesFilter::default()
        };
        let page = l.page(&query(text, FileSortKey::Path, SortDir::Asc), Lang::En);
        assert_eq!(paths(&page), ["Kunden/Liste.xlsx"]);

        let errors = FilesFilter {
            only_errors: true,
            ..FilesFilter::default()
        };
        let page = l.page(&query(errors, FileSortKey::Path, SortDir::Asc), Lang::En);
        assert_eq!(page.total, 1);
        assert_eq!(
            page.rows[0].error_code.as_deref(),
            Some("permission_denied")
        );
        assert!(page.rows[0].error.as_deref().is_some_and(|e| !e.is_empty()));
        assert_eq!(l.errors(Lang::De).len(), 1);

        let personal = FilesFilter {
            only_personal: true,
            format: "csv".into(),
            ..FilesFilter::default()
        };
        let page = l.page(&query(personal, FileSortKey::Path, SortDir::Asc), Lang::En);
        assert_eq!(paths(&page), ["ordner/datei9.csv"]);

        let mut q = query(FilesFilter::default(), FileSortKey::Path, SortDir::Desc);
        q.offset = 240;
        q.limit = 5_000;
        let page = l.page(&q, Lang::De);
        assert_eq!(page.total, 251);
        assert_eq!(page.rows.len(), 11);
        assert_eq!(page.rows[10].path, "Kunden/Liste.xlsx");
        q.offset = 10_000;
        assert!(l.page(&q, Lang::De).rows.is_empty());
    }
}

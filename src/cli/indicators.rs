//! The indicator table streamed as reports are parsed: CSV to any target,
//! XLSX to a file (row by row, within Excel's row limit).

use super::*;

/// The indicators as CSV, streamed: each chunk's rows are written as soon
/// as it is parsed, so memory stays flat however many reports there are.
pub(super) fn indicators_csv(bom: bool, output: Option<&Path>, inputs: Inputs) -> i32 {
    let columns = export::indicators::indicator_columns();
    let stream = |out: &mut dyn Write, inputs: Inputs| -> io::Result<bool> {
        let mut w = export::csv::Writer::new(out, &columns, bom)?;
        let ok = for_each_report(inputs, |r| {
            let file = export::file_name(&r);
            r.indicators.iter().try_for_each(|ind| {
                let cells = export::indicators::indicator_cells(&r, &file, ind);
                w.row(cells.iter().copied())
            })
        })?;
        w.finish()?.flush()?;
        Ok(ok)
    };
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
        return finish(stream(&mut io::BufWriter::new(io::stdout().lock()), inputs));
    };
    let written = export::output::Output::create(path).and_then(|mut out| {
        let streamed = stream(&mut io::BufWriter::new(out.writer()), inputs);
        let all_read = streamed.map_err(|e| out.error(&e))?;
        out.commit()?;
        Ok(all_read)
    });
    match written {
        Ok(all_read) => finish(Ok(all_read)),
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}

/// The indicators as an Excel workbook, streamed: rows go into the sheet
/// (constant-memory mode) as each report is parsed, and reading stops at
/// Excel's row limit with an error naming it; nothing is written then.
pub(super) fn indicators_xlsx(path: &Path, inputs: Inputs) -> i32 {
    let columns = export::indicators::indicator_columns();
    let built = export::xlsx::Writer::new("indicators", &columns).and_then(|mut w| {
        let read = for_each_report(inputs, |r| {
            let file = export::file_name(&r);
            r.indicators.iter().try_for_each(|ind| {
                w.row(export::indicators::indicator_cells(&r, &file, ind))
                    .map_err(io::Error::other)
            })
        });
        let all_read = read.map_err(|e| e.to_string())?;
        Ok((w, all_read))
    });
    let written = built
        .map_err(|e| format!("{}: {e}", path.display()))
        .and_then(|(w, all_read)| w.save(path).map(|()| all_read).map_err(|e| e.to_string()));
    match written {
        Ok(all_read) => finish(Ok(all_read)),
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}

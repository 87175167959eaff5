/**
 * Real files made by LibreOffice for tests: a spreadsheet written as flat ODS (.fods: typed cells, a
 * date style) and converted by `soffice --headless --convert-to <format>`, so the bytes are
 * LibreOffice's own (its .xlsx puts `[Content_Types].xml` last, unlike exceljs or Excel). Without
 * LibreOffice the caller fails with a message saying how to install it; nothing skips.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { XlsxCell } from './members.factories.ts';

const run = promisify(execFile);

export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) =>
  fs.existsSync(p),
);

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function fodsCell(c: XlsxCell): string {
  if (c === null) return '<table:table-cell/>';
  if (typeof c === 'number')
    return `<table:table-cell office:value-type="float" office:value="${c}"><text:p>${c}</text:p></table:table-cell>`;
  if (c instanceof Date) {
    const iso = c.toISOString().slice(0, 10);
    return `<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="${iso}"><text:p>${iso}</text:p></table:table-cell>`;
  }
  if (typeof c === 'object') throw new Error('no formulas in this sheet');
  return `<table:table-cell office:value-type="string"><text:p>${xml(c)}</text:p></table:table-cell>`;
}

/** A flat ODS spreadsheet: a title line and an empty line above the header, typed cells, dates dd/mm/yyyy. */
export function fods(title: string, header: string[], rows: XlsxCell[][]): string {
  const row = (cells: XlsxCell[]) => `<table:table-row>${cells.map(fodsCell).join('')}</table:table-row>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="dmy"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="dmy"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Danh sách">
${row([title])}
<table:table-row><table:table-cell/></table:table-row>
${row(header)}
${rows.map(row).join('\n')}
</table:table></office:spreadsheet></office:body></office:document>`;
}

/**
 * Converts `dir/<baseName>.fods` (written from `content`) to each format (`xlsx`, `xls`, `ods`…) with
 * LibreOffice in one run, and returns the bytes of each by format.
 */
export async function convertWithLibreOffice(
  dir: string,
  baseName: string,
  content: string,
  formats: string[],
): Promise<Record<string, Buffer>> {
  if (!SOFFICE) {
    throw new Error(
      'LibreOffice is not installed (no /usr/bin/soffice). Install it with `apt-get install libreoffice-calc-nogui`: this test needs LibreOffice-made files and does not skip.',
    );
  }
  const src = path.join(dir, `${baseName}.fods`);
  fs.writeFileSync(src, content);
  // A private profile: parallel runs (or a desktop LibreOffice) would otherwise share and lock one.
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  const out: Record<string, Buffer> = {};
  for (const format of formats) {
    await run(
      SOFFICE,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', format, '--outdir', dir, src],
      {
        timeout: 180_000,
      },
    );
    const file = path.join(dir, `${baseName}.${format}`);
    if (!fs.existsSync(file)) throw new Error(`soffice produced no .${format} in ${dir}`);
    out[format] = fs.readFileSync(file);
  }
  return out;
}

/**
 * ExcelJS 4.4's streaming reader decodes every zip chunk of an XML part to text on its own
 * (utils/parse-sax.js → bufferToString), so a UTF-8 character whose bytes straddle two chunks turns
 * into two U+FFFD: "Yến" read as "Y��n", at random places depending on how the inflater cuts the
 * stream. Vietnamese text is mostly multi-byte, so a 6,080-row sheet loses a few names each run.
 * This reader hands ExcelJS text instead of bytes, decoded across chunk boundaries
 * (StringDecoder for worksheets, the entry's own decoder for the shared strings).
 */
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.write(c);
    if (s) yield s;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  ...args: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>
) => ExcelJS.stream.xlsx.WorkbookReader & ReaderInternals;

export class Utf8WorkbookReader extends Base {
  override async *_parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown> {
    // A Readable with an encoding emits whole characters (its StringDecoder keeps split bytes).
    entry.setEncoding('utf8');
    yield* super._parseSharedStrings(entry);
  }

  override *_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown> {
    yield* super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }
}

/**
 * The CSV tokenizer (RFC 4180): records of string fields with the line each record starts on.
 * Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF and CR all end a line.
 */
import { DataError } from '../data-error.js';

/** One CSV record: its fields (unquoted, untrimmed) and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Yields the records of `text`, skipping blank lines. Throws a `DataError` naming `source`, the line
 * and the column for an unterminated quoted field or a stray character after a closing quote.
 *
 * @example
 * [...csvRecords('a,b\n1,"x,y"\n', ',', 'demo.csv')]
 * // [{ fields: ['a', 'b'], line: 1 }, { fields: ['1', 'x,y'], line: 2 }]
 */
export function* csvRecords(text: string, delimiter: string, source: string): Generator<CsvRecord, void, undefined> {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let end: number; // index of the character after the field
      if (text.charCodeAt(i) === QUOTE) {
        const quoteLine = line;
        let value = '';
        let j = i + 1;
        let chunk = j;
        for (;;) {
          if (j >= n) throw new DataError('unterminated quoted field (a " is never closed)', { source, line: quoteLine, column: fields.length + 1 });
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            if (text.charCodeAt(j + 1) === QUOTE) {
              value += text.slice(chunk, j + 1);
              j += 2;
              chunk = j;
              continue;
            }
            value += text.slice(chunk, j);
            j++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) line++;
          j++;
        }
        fields.push(value);
        end = j;
        const c = text.charCodeAt(end);
        if (end < n && c !== delim && c !== LF && c !== CR) {
          throw new DataError(`unexpected character '${text[end]}' after a closing quote`, { source, line, column: fields.length });
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        end = j;
      }
      if (end >= n) {
        i = n;
        break;
      }
      const c = text.charCodeAt(end);
      if (c === delim) {
        i = end + 1;
        continue; // another field follows, possibly empty at the end of the text
      }
      i = c === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    yield { fields, line: start };
  }
}

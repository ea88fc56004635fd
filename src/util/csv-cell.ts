/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also after a
 * leading tab or carriage return (OWASP "CSV Injection"). Evidence must not run in the responder's
 * spreadsheet: such a cell is prefixed with a single quote, which spreadsheets show as text and
 * a reader of the file recognises (`'=HYPERLINK(…)`). One rule for every CSV trailscope writes:
 * the headless `export`/`query --format csv` (unless `--csv-raw`) and the TUI's `x` export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCsvCell(value: string | null | undefined): string {
  const s = value ?? '';
  return FORMULA_START.test(s) ? `'${s}` : s;
}

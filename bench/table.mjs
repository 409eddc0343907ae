// Statistics of rounds and the one table the benchmark prints.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** { median, min, max } of a list of numbers. */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * One row: `ours` and `theirs` are lists of measurements (one per round) in
 * `unit`; `ratio` is ours / theirs of the medians unless the row gives its
 * own `verdict` text (memory growth); `target` is a maximum ratio or null.
 */
export function row({ figure, unit, ours, theirs, against, target, verdict, digits = 2 }) {
  const a = summary(ours);
  const b = summary(theirs);
  const ratio = a.median / b.median;
  return {
    figure,
    unit,
    against,
    a,
    b,
    ratio: verdict ? null : ratio,
    shownRatio: verdict ? verdict.text : ratio.toFixed(2),
    target: verdict ? verdict.target : target === null ? '-' : `<= ${target}`,
    met: verdict ? verdict.met : target === null ? null : ratio <= target,
    digits,
  };
}

const HEADERS = [
  'figure', 'unit', 'idp-bridge med', 'min', 'max', 'compared with', 'med', 'min', 'max',
  'ratio', 'target', 'met',
];

/** Plain-text table, columns padded. */
export function formatTable(rows) {
  const number = (value, digits) => value.toFixed(digits);
  const cells = rows.map((r) => [
    r.figure,
    r.unit,
    number(r.a.median, r.digits),
    number(r.a.min, r.digits),
    number(r.a.max, r.digits),
    r.against,
    number(r.b.median, r.digits),
    number(r.b.min, r.digits),
    number(r.b.max, r.digits),
    r.shownRatio,
    r.target,
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...cells.map((line) => String(line[column]).length)),
  );
  const line = (values) =>
    values
      .map((value, column) => {
        const text = String(value);
        // Text columns left, numbers right.
        return [0, 1, 5, 10, 11].includes(column)
          ? text.padEnd(widths[column])
          : text.padStart(widths[column]);
      })
      .join(' | ');
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  return [line(HEADERS), rule, ...cells.map(line)].join('\n');
}

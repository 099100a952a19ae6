const FSI = '\u2068';
const PDI = '\u2069';

/**
 * Left-to-right runs that break right-to-left text when left bare: links, e-mail addresses, phone numbers, codes and
 * Latin-script names (one or more words). Each becomes a first-strong isolate, so "www.gov.uk/ukenic" or "UK ENIC"
 * stays readable inside an Arabic or Farsi sentence.
 */
const LTR_RUN =
  /(?:https?:\/\/|www\.)[^\s\u2068\u2069]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d\s().-]{5,}\d|[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’&/.:-]*(?:[ \t]+[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’&/.:-]*)*/g;

/** Wraps left-to-right runs of a right-to-left message in Unicode isolates (FSI … PDI). Idempotent. */
export function isolateLtrRuns(text: string): string {
  if (text.includes(FSI)) return text;
  return text.replace(LTR_RUN, (run) => {
    // Bare numbers (list numbers such as "1.") read correctly on their own.
    if (/^[\d.]+$/.test(run)) return run;
    return `${FSI}${run}${PDI}`;
  });
}

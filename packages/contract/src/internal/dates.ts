// ISO 8601 as the old service accepted it: a calendar date, or a date-time with optional
// seconds, fraction and offset. A regex alone would accept 2026-02-31, so the parts are
// checked against a real calendar too.
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function validCalendar(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export function isIsoDate(value: string): boolean {
  const m = DATE_ONLY.exec(value);
  return m !== null && validCalendar(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null) return false;
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  return validCalendar(Number(m[1]), Number(m[2]), Number(m[3])) && hh < 24 && mm < 60 && ss < 61;
}

export function isIsoDateOrDateTime(value: string): boolean {
  return isIsoDate(value) || isIsoDateTime(value);
}
